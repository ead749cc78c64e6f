/**
 * Text forms of small tables a rule's params may hold, for the rule editor: named groups
 * ("乌头：川乌、草乌、附子", one per line), pairs of group names ("乌头 + 半夏（半蒌贝蔹及攻乌）") and
 * 慢特病 病种 with their drugs.
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

type DiseaseList = { code?: string; name: string; codes: string[]; prefixes: string[] };

/**
 * The 病种 lists of a 慢特病用药范围 rule, one per line: "M03900 高血压病：XC09CAA284A0*、XA10BAE001A001010100001"
 * — the 病种编码 (optional) and name, then its drugs, a code prefix marked with a trailing *.
 */
export function diseasesFromText(text: string): DiseaseList[] | undefined {
  const rows = lines(text);
  if (rows.length === 0) return undefined;
  return rows.map((row) => {
    const [head = '', rest = ''] = row.split(/[:：]/, 2).map((s) => s.trim());
    const coded = /^([A-Za-z0-9][A-Za-z0-9.-]*)\s+(.+)$/.exec(head);
    const drugs = rest.split(/[,，;；、\s]+/).filter(Boolean);
    const prefix = (d: string) => /[*＊]$/.test(d);
    return {
      ...(coded ? { code: coded[1]! } : {}),
      name: coded ? coded[2]!.trim() : head,
      codes: drugs.filter((d) => !prefix(d)),
      prefixes: drugs.filter(prefix).map((d) => d.slice(0, -1)),
    };
  });
}

export function textFromDiseases(value: unknown): string {
  if (!Array.isArray(value)) return '';
  const list = (v: unknown, mark = '') => (Array.isArray(v) ? v.map((x) => `${String(x)}${mark}`) : []);
  return value
    .map((d) => (isRecord(d) ? `${d['code'] ? `${String(d['code'])} ` : ''}${String(d['name'] ?? '')}：${[...list(d['prefixes'], '*'), ...list(d['codes'])].join('、')}` : ''))
    .join('\n');
}
