/**
 * Text plumbing for 限定支付范围 texts: one spelling of punctuation, and splits that respect
 * brackets ("(PAH，WHO第1组)" is not two clauses).
 */

/** Full-width ASCII (（），：；＞ＡＢ１) to ASCII, ideographic spaces to spaces, runs of spaces to one. */
export function normalizeRestrictionText(text: string): string {
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

const OPEN = new Set(['(', '[', '【', '［', '〔']);
const CLOSE = new Set([')', ']', '】', '］', '〕']);

/** Splits at any of `separators` that is outside brackets; empty pieces are dropped. */
export function splitOutsideBrackets(text: string, separators: ReadonlySet<string>): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (OPEN.has(ch)) depth += 1;
    else if (CLOSE.has(ch) && depth > 0) depth -= 1;
    if (depth === 0 && separators.has(ch)) {
      pieces.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  pieces.push(current);
  return pieces.map((p) => p.trim()).filter((p) => p !== '');
}

const SENTENCE_ENDS = new Set(['。', ';', '；']);
const CLAUSE_ENDS = new Set([',', '，', ':', '：']);

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
