import type { CompiledIndication } from './matcher';

/** Longest restriction sentence quoted as is in a message; longer ones are summarised. */
const QUOTE_MAX = 32;

/**
 * A short phrase for "限…" in messages: the restriction's own first clause when it is short and
 * names the disease, otherwise the rule's label, its first disease words, or its ICD codes.
 */
export function describeAllowed(text: string | undefined, compiled: CompiledIndication, label?: string): string {
  // Every finding of a rule says the same: worked out once per rule's text and label. A rule passes
  // the same strings each time, so they are compared by identity, without hashing a long text.
  let known = described.get(compiled);
  if (!known) {
    known = [];
    described.set(compiled, known);
  }
  for (const entry of known) if (entry.text === text && entry.label === label) return entry.description;
  const description = describe(text, compiled, label);
  known.push({ text, label, description });
  return description;
}

const described = new WeakMap<CompiledIndication, { text: string | undefined; label: string | undefined; description: string }[]>();

function describe(text: string | undefined, compiled: CompiledIndication, label?: string): string {
  const clause = firstClause(text);
  if (clause && Array.from(clause).length <= QUOTE_MAX && compiled.keywords.some((k) => clause.includes(k))) return clause;
  if (label) return label;
  if (compiled.keywords.length > 0) {
    const shown = compiled.keywords.slice(0, 3).join('、');
    return compiled.keywords.length > 3 ? `${shown}等` : shown;
  }
  const codes = [...compiled.prefixes, ...compiled.ranges.map((r) => `${r.from}–${r.to}`)];
  if (codes.length > 0) return `ICD ${codes.slice(0, 3).join('、')}${codes.length > 3 ? '等' : ''}诊断`;
  return clause ? `${Array.from(clause).slice(0, QUOTE_MAX - 1).join('')}…` : '特定诊断';
}

/** The first clause of a text that states one restriction; '' for lists and alternatives. */
function firstClause(text: string | undefined): string {
  if (!text) return '';
  const body = text.trim().replace(/^(?:限定?|适用于)[:：\s]*/, '');
  // "限：1.…；2.…" or "限A；限B": no single clause stands for the whole.
  if (/^\d+\s*[.、．]/.test(body) || /[；;]|。(?=.)/.test(body.replace(/。$/, ''))) return '';
  let depth = 0;
  let clause = '';
  for (const ch of body) {
    if (ch === '(' || ch === '（') depth += 1;
    else if ((ch === ')' || ch === '）') && depth > 0) depth -= 1;
    else if (depth === 0 && '。，,：:'.includes(ch)) break;
    clause += ch;
  }
  return clause.trim();
}

/** Conditions joined for a message or an action label, cut at `max` characters. */
export function joinConditions(conditions: readonly string[], max: number): string {
  return clipChars(conditions.join('；'), max);
}

/** At most `max` characters (not UTF-16 units), an ellipsis marking the cut. */
export function clipChars(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
