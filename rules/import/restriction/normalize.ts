/**
 * Text plumbing for 限定支付范围 texts: one spelling of punctuation, and splits that respect
 * brackets ("(PAH，WHO第1组)" is not two clauses).
 */

/** The characters normalizeRestrictionText maps; most texts have none, and are only trimmed. */
const MAPPED = /[\uff01-\uff5e\u3000\u00a0\t\n\r“”「」]/;

/** Full-width ASCII (（），：；＞ＡＢ１) to ASCII, ideographic spaces to spaces, runs of spaces to one. */
export function normalizeRestrictionText(text: string): string {
  if (!MAPPED.test(text)) return text.replace(/ {2,}/g, ' ').trim();
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else if (ch === '\u3000' || ch === '\u00a0' || ch === '\t' || ch === '\n' || ch === '\r') out += ' ';
    else if (ch === '“' || ch === '”' || ch === '「' || ch === '」') out += '"';
    else out += ch;
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

// By UTF-16 code unit: every bracket and separator is one (none is half of a surrogate pair), so
// scanning units finds the same characters as scanning code points, without a string per character.
const unitsOf = (chars: readonly string[]): ReadonlySet<number> => new Set(chars.map((c) => c.charCodeAt(0)));
const OPEN = unitsOf(['(', '[', '【', '［', '〔']);
const CLOSE = unitsOf([')', ']', '】', '］', '〕']);

/** Splits at any of `separators` (code units, see unitsOf) that is outside brackets; empty pieces are dropped. */
export function splitOutsideBrackets(text: string, separators: ReadonlySet<number>): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (OPEN.has(unit)) depth += 1;
    else if (CLOSE.has(unit) && depth > 0) depth -= 1;
    if (depth === 0 && separators.has(unit)) {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces.map((p) => p.trim()).filter((p) => p !== '');
}

const SENTENCE_ENDS = unitsOf(['。', ';', '；']);
const CLAUSE_ENDS = unitsOf([',', '，', ':', '：']);

// "1." "2、" "(3)" starting a list item: at the start or after a colon, comma, semicolon or full stop.
const LIST_MARKER = /(?:^|(?<=[:;,。]))\s*(?:\(\d{1,2}\)|\d{1,2}\s*[.、．)])(?!\d)\s*/g;

/** Sentences and numbered list items, each one alternative of the restriction. */
export function splitSentences(text: string): string[] {
  return splitOutsideBrackets(text, SENTENCE_ENDS).flatMap((sentence) =>
    sentence
      .split(LIST_MARKER)
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
}

export function splitClauses(sentence: string): string[] {
  return splitOutsideBrackets(sentence, CLAUSE_ENDS);
}

/** Bracketed groups with no Chinese in them: abbreviations and codes such as (ITP), (WHO FC), (BU). */
export function dropLatinBrackets(text: string): string {
  return text.replace(/\s*\([^()\u4e00-\u9fff]*\)/g, '');
}
