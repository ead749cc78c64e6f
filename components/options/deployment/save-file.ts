/** Offers text as a download under `fileName` (the browser asks where, or saves to Downloads). */
export function saveTextFile(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: the download reads the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}


/** A picked file's text; files are small JSON, read whole. */
export function readPickedFile(input: HTMLInputElement): { file: File; text: Promise<string> } | undefined {
  const file = input.files?.[0];
  return file ? { file, text: file.text() } : undefined;
}
