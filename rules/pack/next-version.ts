/**
 * The version to offer next: the latest with its last part raised (2026.11.3 → 2026.11.4), or
 * year.month.1 when nothing was published yet. A leaf, so the hub dashboard can offer versions
 * without loading the pack schema (and with it every rule kind).
 */
export function suggestNextVersion(latest: string | undefined, today = new Date()): string {
  if (latest === undefined) return `${today.getFullYear()}.${today.getMonth() + 1}.1`;
  const parts = latest.split('.').map(Number);
  parts[parts.length - 1] = (parts[parts.length - 1] ?? 0) + 1;
  return parts.join('.');
}
