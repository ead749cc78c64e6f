import { z } from 'zod';
import { LineKindSchema, type LineKind } from '../../contract/order';
import type { Pack, Rule } from '../pack/schema';
import { PackSettingsSchema } from '../pack/settings';
import { keyAt, sortedCodeIndex, sortedCodeTable, SortedCodeTableSchema, type SortedCodeTable } from './code-index';
import { privilegeTable } from '../pack/prescribers';
import { chronicDiseaseNamer, compileRule, fileRules, prefixLengthsOf, type CompiledPack, type CompiledRule, type CompileOptions } from './compile';

/**
 * A compiled pack in a form that loads without work: what a workstation stores beside the signed
 * envelope once the pack has been accepted (signature and schema checked), so that every engine
 * start after that is a structured-clone read and a few typed-array views instead of parsing and
 * validating tens of megabytes again. Rules stay encoded until a line first needs them; a hospital
 * orders a few thousand codes of the hundreds of thousands a national pack files.
 *
 * Only the build that wrote an image may load it (`stamp`): an updated extension may read rules
 * differently, so it starts from the envelope once and writes a new image.
 */
export const PACK_IMAGE_FORMAT = 1;

export const PackImageSchema = z.object({
  format: z.literal(PACK_IMAGE_FORMAT),
  /** Who wrote it: the extension build (and the caller's own salt). */
  stamp: z.string().min(1),
  id: z.string(),
  version: z.string(),
  settings: PackSettingsSchema,
  effectiveFrom: z.string().optional(),
  effectiveTo: z.string().optional(),
  ruleCount: z.number().int().nonnegative(),
  /** Distinct strings of the rules; an encoded rule names them by index. */
  strings: z.array(z.string()),
  /** Encoded rules in pack order (empty for a disabled rule), concatenated. */
  records: z.string(),
  recordOffsets: z.instanceof(Uint32Array),
  codes: SortedCodeTableSchema,
  prefixes: SortedCodeTableSchema,
  global: z.array(z.tuple([LineKindSchema, z.array(z.number().int().nonnegative())])),
});
export type PackImage = z.infer<typeof PackImageSchema>;

/**
 * An encoded value: every string becomes its index in the string table and every number its
 * decimal text, so a bare number in a record is always a string reference and a string always a
 * number; an object becomes an array led by the string "{" (never a number's text) followed by
 * key and value pairs, keys being string references too. Records are short and ASCII (one byte
 * per character in memory).
 */
const OBJECT = '{';
type Encoded = number | string | boolean | null | Encoded[];

/** A rule as stored: its body without codes and prefixes, which are indexes into the code tables. */
interface RuleRecord {
  r: Encoded;
  c?: number[];
  p?: number[];
}

class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  ref(text: string): number {
    let at = this.index.get(text);
    if (at === undefined) {
      at = this.strings.length;
      this.strings.push(text);
      this.index.set(text, at);
    }
    return at;
  }
}

function encodeValue(value: unknown, strings: StringTable): Encoded {
  if (typeof value === 'string') return strings.ref(value);
  if (typeof value === 'number') return String(value);
  if (value === null || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item) => encodeValue(item, strings));
  if (typeof value === 'object') {
    const out: Encoded[] = [OBJECT];
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out.push(strings.ref(key), encodeValue(item, strings));
    return out;
  }
  throw new Error(`规则包映像无法保存此类值：${typeof value}`);
}

function decodeValue(value: Encoded, strings: readonly string[]): unknown {
  if (typeof value === 'number') {
    const text = strings[value];
    if (text === undefined) throw new Error(`规则包映像损坏：字符串 ${value} 不存在`);
    return text;
  }
  if (typeof value === 'string') return Number(value);
  if (value === null || typeof value === 'boolean') return value;
  if (!Array.isArray(value)) throw new Error('规则包映像损坏：记录格式不符');
  if (value[0] !== OBJECT) return value.map((item) => decodeValue(item, strings));
  const out: Record<string, unknown> = {};
  for (let i = 1; i + 1 < value.length; i += 2) {
    // defineProperty: a key spelled "__proto__" stays a key instead of replacing the prototype.
    Object.defineProperty(out, decodeValue(value[i]!, strings) as string, { value: decodeValue(value[i + 1]!, strings), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The sorted table of a filing, and each key's position in it (what a rule record refers to). */
function tableWithPositions(map: ReadonlyMap<string, readonly number[]>): { table: SortedCodeTable; positions: Map<string, number> } {
  const keys = [...map.keys()].sort();
  return { table: sortedCodeTable(map, keys), positions: new Map(keys.map((key, i) => [key, i])) };
}

/** Writes the image of an accepted (validated) pack. */
export function buildPackImage(pack: Pack, stamp: string): PackImage {
  const filing = fileRules(pack.rules);
  const { table: codes, positions: codeAt } = tableWithPositions(filing.codes);
  const { table: prefixes, positions: prefixAt } = tableWithPositions(filing.prefixes);
  const strings = new StringTable();
  const recordOffsets = new Uint32Array(pack.rules.length + 1);
  const parts: string[] = [];
  let length = 0;
  pack.rules.forEach((rule, ordinal) => {
    recordOffsets[ordinal] = length;
    if (!rule.enabled) return;
    const { codes: ruleCodes, prefixes: rulePrefixes, ...match } = rule.match;
    const record: RuleRecord = { r: encodeValue({ ...rule, match }, strings) };
    if (ruleCodes) record.c = ruleCodes.map((code) => codeAt.get(code)!);
    if (rulePrefixes) record.p = rulePrefixes.map((prefix) => prefixAt.get(prefix)!);
    const text = JSON.stringify(record);
    parts.push(text);
    length += text.length;
  });
  recordOffsets[pack.rules.length] = length;
  return {
    format: PACK_IMAGE_FORMAT,
    stamp,
    id: pack.id,
    version: pack.version,
    settings: pack.settings,
    ...(pack.effective?.from !== undefined ? { effectiveFrom: pack.effective.from } : {}),
    ...(pack.effective?.to !== undefined ? { effectiveTo: pack.effective.to } : {}),
    ruleCount: filing.ruleCount,
    strings: strings.strings,
    records: parts.join(''),
    recordOffsets,
    codes,
    prefixes,
    global: [...filing.global],
  };
}

/** Decodes the rule at a pack position; undefined for a disabled rule (empty record). */
export function decodeRule(image: PackImage, ordinal: number): Rule | undefined {
  const start = image.recordOffsets[ordinal];
  const end = image.recordOffsets[ordinal + 1];
  if (start === undefined || end === undefined) throw new Error(`规则包映像损坏：无第 ${ordinal + 1} 条规则`);
  if (start === end) return undefined;
  const record = JSON.parse(image.records.slice(start, end)) as RuleRecord;
  const rule = decodeValue(record.r, image.strings) as Rule;
  if (record.c) rule.match.codes = record.c.map((i) => keyAt(image.codes, i));
  if (record.p) rule.match.prefixes = record.p.map((i) => keyAt(image.prefixes, i));
  return rule;
}

/** The sizes must agree, or a lookup would read past a table: checked once, in linear time. */
function checkTables(image: PackImage): void {
  const fail = (what: string) => {
    throw new Error(`规则包映像损坏：${what}`);
  };
  for (const [name, table] of [['编码表', image.codes], ['前缀表', image.prefixes]] as const) {
    const n = table.keyOffsets.length - 1;
    if (n < 0 || table.postingStarts.length !== n + 1) fail(`${name}长度不一致`);
    if (table.keyOffsets[n] !== table.keys.length || table.postingStarts[n] !== table.postings.length) fail(`${name}末尾不符`);
    for (const ordinal of table.postings) if (ordinal >= image.recordOffsets.length - 1) fail(`${name}指向不存在的规则`);
  }
  if (image.recordOffsets[image.recordOffsets.length - 1] !== image.records.length) fail('规则记录长度不符');
}

/** A ready engine from a stored image: tables as they are, rules decoded when first looked up. */
export function compilePackImage(image: PackImage, options: CompileOptions = {}): CompiledPack {
  checkTables(image);
  const decoded: (CompiledRule | null | undefined)[] = new Array(image.recordOffsets.length - 1);
  const prefixes = sortedCodeIndex(image.prefixes);
  const prefixKeys: string[] = [];
  for (let i = 0; i < prefixes.size; i++) prefixKeys.push(keyAt(image.prefixes, i));
  const global = new Map<LineKind, readonly number[]>(image.global);
  const ruleAt = (ordinal: number): CompiledRule | undefined => {
    let rule = decoded[ordinal];
    if (rule === undefined) {
      const body = decodeRule(image, ordinal);
      rule = body ? (compileRule(body, ordinal) ?? null) : null;
      decoded[ordinal] = rule;
    }
    return rule ?? undefined;
  };
  return {
    id: image.id,
    version: image.version,
    settings: image.settings,
    prescribers: privilegeTable(image.settings.prescribers),
    effectiveFrom: image.effectiveFrom,
    effectiveTo: image.effectiveTo,
    keepExpired: options.keepExpired ?? false,
    codes: sortedCodeIndex(image.codes),
    prefixes,
    prefixLengths: prefixLengthsOf(prefixKeys),
    global,
    ruleCount: image.ruleCount,
    ruleAt,
    lookups: new Map(),
    chronicDiseaseName: chronicDiseaseNamer(global, ruleAt),
  };
}
