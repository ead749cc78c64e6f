/** Plain-text tables and target lines for the console. */

export type Cell = string | number;

const format = (cell: Cell): string => (typeof cell === 'number' ? formatNumber(cell) : cell);

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '–' : String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** Display width: CJK characters take two columns in a terminal. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

const pad = (text: string, to: number, right: boolean): string => {
  const fill = ' '.repeat(Math.max(0, to - width(text)));
  return right ? fill + text : text + fill;
};

/** Columns after the first are right-aligned (they are figures). */
export function table(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = [header, ...rows.map((r) => r.map(format))];
  const widths = header.map((_, i) => Math.max(...text.map((r) => width(r[i] ?? ''))));
  const line = (r: readonly string[]) => r.map((c, i) => pad(c, widths[i]!, i > 0)).join('  ');
  return [line(text[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...text.slice(1).map(line)].map((l) => `  ${l}`).join('\n');
}

export function heading(title: string): string {
  return `\n${title}\n${'═'.repeat(width(title))}`;
}

export interface Target {
  name: string;
  figure: string;
  target: string;
  ok: boolean;
}

export function targetLine(t: Target): string {
  return `  ${t.ok ? '✓' : '✗'} ${t.name}: ${t.figure} (target ${t.target})`;
}
