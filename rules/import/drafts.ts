import { parseRestrictionText, type ParsedRestriction, type RuleDraft } from './restriction-text';

/** The restriction-text parser; importers take it as an option so tests can stand in for it. */
export type TextParser = (text: string) => ParsedRestriction;
import type { Rule } from '../pack/schema';
import { stableStringify } from './stable-json';
import { memoizeFrozen } from './frozen-memo';

export interface ReadDrafts {
  drafts: RuleDraft[];
  /** Fragments the text parser left, and drafts dropped here, with reasons. */
  leftovers: { fragment: string; reason: string }[];
  /** Fragments the parser did use, but by a route it flags as worth a look. */
  notes: { fragment: string; note: string }[];
  /** The report lines for the above (leftoverMessages), when a shared reading carries them written once. */
  messages?: readonly string[];
}

type IndicationParams = Extract<Rule, { kind: 'indication' }>['params'];

const union = (a: readonly string[] = [], b: readonly string[] = []) => [...new Set([...a, ...b])];

/**
 * Numbered alternatives ("限：1.… 2.…") give several indication drafts; any one of them
 * satisfies the restriction, so they become one rule whose lists are the union.
 */
function mergeIndications(drafts: RuleDraft[]): RuleDraft {
  let out: Partial<IndicationParams> = { ...(drafts[0]!.params as Partial<IndicationParams>) };
  for (const d of drafts.slice(1)) {
    const p = d.params as Partial<IndicationParams>;
    out = {
      icdPrefixes: union(out.icdPrefixes, p.icdPrefixes),
      icdRanges: [...(out.icdRanges ?? []), ...(p.icdRanges ?? [])].filter(
        (r, i, all) => all.findIndex((s) => s.from === r.from && s.to === r.to) === i,
      ),
      keywords: union(out.keywords, p.keywords),
      excludeKeywords: union(out.excludeKeywords, p.excludeKeywords),
      conditions: union(out.conditions, p.conditions),
    };
  }
  return { kind: 'indication', params: out } as RuleDraft;
}

/**
 * One draft per kind for a row: indications are merged; two different limits of another kind
 * (alternatives such as "1.1岁至14岁…；2.2岁至14岁…") cannot be one rule without wrongly
 * refusing one alternative, so they are dropped and reported.
 */
export function onePerKind(drafts: readonly RuleDraft[]): Omit<ReadDrafts, 'notes'> {
  const byKind = new Map<string, RuleDraft[]>();
  for (const d of drafts) {
    const list = byKind.get(d.kind);
    if (list) list.push(d);
    else byKind.set(d.kind, [d]);
  }
  const out: RuleDraft[] = [];
  const leftovers: ReadDrafts['leftovers'] = [];
  for (const [kind, list] of byKind) {
    if (kind === 'indication') {
      out.push(list.length === 1 ? list[0]! : mergeIndications(list));
      continue;
    }
    const distinct = new Map(list.map((d) => [stableStringify(d.params), d]));
    if (distinct.size === 1) out.push(list[0]!);
    else leftovers.push({ fragment: [...distinct.keys()].join(' | '), reason: `${distinct.size} alternative ${kind} limits; kept none, as one rule would refuse the other alternatives` });
  }
  return { drafts: out, leftovers };
}

/** Runs the restriction-text parser and reduces its drafts to one per kind. */
export function draftsFromText(text: string, parse: TextParser = parseRestrictionText): ReadDrafts {
  return parse === parseRestrictionText ? readDraftsOnce(text) : readDrafts(text, parse);
}

/**
 * With the shared parser, a text's reduction is kept with its reading, report lines written:
 * points repeat their texts, and every row of a text reports the same.
 */
const readDraftsOnce = memoizeFrozen((text: string): ReadDrafts => {
  const read = readDrafts(text, parseRestrictionText);
  return { ...read, messages: messages(read) };
}, 50_000);

function readDrafts(text: string, parse: TextParser): ReadDrafts {
  const trimmed = text.trim();
  if (!trimmed) return { drafts: [], leftovers: [], notes: [] };
  const parsed = parse(trimmed);
  const reduced = onePerKind(parsed.drafts);
  return { drafts: reduced.drafts, leftovers: [...parsed.unparsed, ...reduced.leftovers], notes: parsed.notes ?? [] };
}

/** Report lines for what a row's text left unused and what the parser flagged. */
export function leftoverMessages(read: ReadDrafts): readonly string[] {
  return read.messages ?? messages(read);
}

function messages(read: ReadDrafts): string[] {
  return [
    ...read.leftovers.map((l) => `not understood: "${l.fragment}" (${l.reason})`),
    ...read.notes.map((n) => `check: "${n.fragment}" (${n.note})`),
  ];
}
