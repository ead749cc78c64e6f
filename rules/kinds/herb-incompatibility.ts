import { z } from 'zod';
import type { OrderLine } from '../../contract/order';
import { defineOrderKind } from './define';
import { lineLabel, makeFinding, removeLineAction } from './finding';
import { herbKey } from './herb-names';

const PairSchema = z.object({
  /** Family names, keys of `families`. */
  a: z.string().min(1),
  b: z.string().min(1),
  /** The line of the verse the pair comes from (半蒌贝蔹及攻乌), quoted in the finding. */
  verse: z.string().optional(),
});

/**
 * 中药饮片配伍禁忌 (2025 list no. 75): two herbs of one pair (十八反, 十九畏) in one order. The rule
 * matches the 饮片 lines (national codes T…); a line's herb is its name without processing marks
 * (herb-names.ts), looked up exactly in the families.
 *
 * `confirm`: the national rule base counts the pair as a violation, but 医院中药饮片管理规范 lets a
 * prescription with a 十八反/十九畏 pair be dispensed once the prescriber signs it a second time
 * (双签名) — the doctor attests that, or removes the herb.
 */
export const herbIncompatibilityKind = defineOrderKind({
  kind: 'herb-incompatibility',
  consequence: 'confirm',
  params: z
    .object({
      /** How the rule's pairs are known: 十八反 or 十九畏. */
      group: z.string().min(1),
      /** Each family: its name and every name its 饮片 go by (compared after normalisation). */
      families: z.array(z.object({ name: z.string().min(1), members: z.array(z.string().min(1)).min(1) })).min(1),
      pairs: z.array(PairSchema).min(1),
    })
    .superRefine((p, ctx) => {
      const names = new Set(p.families.map((f) => f.name));
      p.pairs.forEach((pair, i) => {
        for (const side of ['a', 'b'] as const) {
          if (!names.has(pair[side])) ctx.addIssue({ code: 'custom', path: ['pairs', i, side], message: `配伍禁忌中没有名为“${pair[side]}”的饮片类别` });
        }
      });
    }),
  evaluate(rule, matched) {
    const partnersOf = partnerIndex(rule.params);
    const findings = [];
    const seen: { line: OrderLine; families: readonly string[] }[] = [];
    for (const line of matched) {
      const families = familiesOf(rule.params.families, line.name);
      if (families.length === 0) continue;
      // Every earlier line whose herb is a partner of this one, each named once.
      const clashes: { line: OrderLine; verse: string | undefined }[] = [];
      for (const earlier of seen) {
        const verse = clashVerse(partnersOf, families, earlier.families);
        if (verse !== null && !clashes.some((c) => c.line === earlier.line)) clashes.push({ line: earlier.line, verse });
      }
      seen.push({ line, families });
      if (clashes.length === 0) continue;
      // Named by herb, not by line id: a page's row ids are not the 序号 the doctor sees.
      const others = clashes.map((c) => lineLabel(c.line)).join('、');
      const verses = [...new Set(clashes.map((c) => c.verse).filter((v): v is string => Boolean(v)))];
      findings.push(
        makeFinding(rule, line, {
          message:
            `${lineLabel(line)} 与 ${others} 同方，属${rule.params.group}配伍禁忌${verses.length ? `（${verses.join('；')}）` : ''}；` +
            `确需同用须处方医师双签名，否则医保不予支付`,
          actions: [{ type: 'confirm', label: '已双签名确认' }, removeLineAction],
          relatedLineIds: [...clashes.map((c) => c.line.id), line.id],
        }),
      );
    }
    return findings;
  },
});

type Family = { name: string; members: string[] };
type Params = { families: Family[]; pairs: z.infer<typeof PairSchema>[] };

/** Normalised herb name → the families it belongs to, per params object. */
const keysByParams = new WeakMap<object, Map<string, string[]>>();

function familiesOf(families: readonly Family[], name: string): readonly string[] {
  let byKey = keysByParams.get(families);
  if (!byKey) {
    byKey = new Map();
    for (const { name: family, members } of families) {
      for (const member of members) {
        const key = herbKey(member);
        const list = byKey.get(key);
        if (!list) byKey.set(key, [family]);
        else if (!list.includes(family)) list.push(family);
      }
    }
    keysByParams.set(families, byKey);
  }
  return byKey.get(herbKey(name)) ?? [];
}

/** Family → partner family → the verse, both directions. */
const partnersByParams = new WeakMap<object, Map<string, Map<string, string | undefined>>>();

function partnerIndex(params: Params): Map<string, Map<string, string | undefined>> {
  let index = partnersByParams.get(params);
  if (!index) {
    index = new Map();
    const add = (from: string, to: string, verse: string | undefined) => {
      const partners = index!.get(from) ?? new Map<string, string | undefined>();
      partners.set(to, verse);
      index!.set(from, partners);
    };
    for (const pair of params.pairs) {
      add(pair.a, pair.b, pair.verse);
      add(pair.b, pair.a, pair.verse);
    }
    partnersByParams.set(params, index);
  }
  return index;
}

/** The verse of the first pair the two herbs form, undefined for a pair without one, null for none. */
function clashVerse(
  partnersOf: Map<string, Map<string, string | undefined>>,
  mine: readonly string[],
  theirs: readonly string[],
): string | undefined | null {
  for (const family of mine) {
    const partners = partnersOf.get(family);
    if (!partners) continue;
    for (const other of theirs) if (partners.has(other)) return partners.get(other);
  }
  return null;
}
