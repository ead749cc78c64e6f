/**
 * One conditional, size-capped GET of the pack update URL. Returns what happened rather than
 * throwing, so the caller can record every outcome for the 医保办.
 */

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface DownloadRequest {
  url: string;
  /** The ETag of the pack last accepted from this URL: the server answers 304 when it is unchanged. */
  etag?: string | undefined;
  /** `Bearer pfh_…` when the URL is on the hub, which wants a workstation token. */
  authorization?: string | undefined;
  maxBytes: number;
  timeoutMs: number;
}

export type DownloadResult =
  | { kind: 'not-modified' }
  /** `link`: the response's Link header, where the hub names its withdrawal notices. */
  | { kind: 'body'; bytes: Uint8Array; etag?: string; link?: string }
  | { kind: 'oversized'; detail: string }
  | { kind: 'network'; detail: string }
  | { kind: 'http-status'; status: number; detail: string };

const messageOf = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** Frees the connection without reading a body we will not use. */
function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | 'oversized'> {
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    return bytes.byteLength > maxBytes ? 'oversized' : bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    // Counted as it arrives: a server that lies about (or omits) Content-Length cannot fill memory.
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return 'oversized';
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export async function downloadPack(fetchPack: FetchLike, request: DownloadRequest): Promise<DownloadResult> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.etag) headers['if-none-match'] = request.etag;
  if (request.authorization) headers.authorization = request.authorization;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no complete answer in ${request.timeoutMs} ms`)), request.timeoutMs);
  try {
    let response: Response;
    try {
      // no-store: our own ETag decides what is new; the HTTP cache must not answer for the server.
      response = await fetchPack(request.url, { headers, cache: 'no-store', signal: controller.signal });
    } catch (error) {
      return { kind: 'network', detail: messageOf(error) };
    }
    if (response.status === 304) {
      discard(response);
      return { kind: 'not-modified' };
    }
    if (!response.ok) {
      discard(response);
      return { kind: 'http-status', status: response.status, detail: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}` };
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > request.maxBytes) {
      discard(response);
      return { kind: 'oversized', detail: `Content-Length ${declared} bytes; the limit is ${request.maxBytes}` };
    }
    let body: Uint8Array | 'oversized';
    try {
      body = await readCapped(response, request.maxBytes);
    } catch (error) {
      return { kind: 'network', detail: `the download broke off: ${messageOf(error)}` };
    }
    if (body === 'oversized') return { kind: 'oversized', detail: `more than ${request.maxBytes} bytes received` };
    const etag = response.headers.get('etag');
    const link = response.headers.get('link');
    return { kind: 'body', bytes: body, ...(etag ? { etag } : {}), ...(link ? { link } : {}) };
  } finally {
    clearTimeout(timer);
  }
}
