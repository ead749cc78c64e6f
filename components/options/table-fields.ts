/**
 * Text forms of two small tables a rule's params may hold, for the rule editor: named groups
 * ("乌头：川乌、草乌、附子", one per line) and pairs of group names ("乌头 + 半夏（半蒌贝蔹及攻乌）").
 * What the text cannot be read as is kept so that validation names it.
 */

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const lines = (text: string) => text.split('\n').map((s) => s.trim()).filter(Boolean);

export function groupsFromText(text: string): { name: string; members: string[] }[] | undefined {
  const rows = lines(text);
  if (rows.length === 0) return undefined;
  return rows.map((row) => {
    const [name = '', rest = ''] = row.split(/[:：]/, 2).map((s) => s.trim());
    return { name, members: rest.split(/[,，;；、\s]+/).filter(Boolean) };
  });
}

export function textFromGroups(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value
    .map((g) => (isRecord(g) ? `${String(g['name'] ?? '')}：${Array.isArray(g['members']) ? g['members'].map(String).join('、') : ''}` : ''))
    .join('\n');
}

export function pairsFromText(text: string): { a: string; b: string; verse?: string }[] | undefined {
  const rows = lines(text);
  if (rows.length === 0) return undefined;
  return rows.map((row) => {
    const m = /^(.*?)\s*[+＋]\s*(.*?)\s*(?:[（(](.*)[）)])?$/.exec(row);
    if (!m) return { a: row, b: '' };
    const verse = m[3]?.trim();
    return verse ? { a: m[1]!, b: m[2]!, verse } : { a: m[1]!, b: m[2]! };
  });
}

export function textFromPairs(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value
    .map((p) => (isRecord(p) ? `${String(p['a'] ?? '')} + ${String(p['b'] ?? '')}${typeof p['verse'] === 'string' && p['verse'] ? `（${p['verse']}）` : ''}` : ''))
    .join('\n');
}
