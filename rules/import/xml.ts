/**
 * A small pull tokenizer for the XML parts of an xlsx file. It understands just enough XML for
 * spreadsheet parts (tags, attributes, text, entities, CDATA, comments) and runs the same in a
 * browser and in Node, so importing a workbook needs no DOMParser and no native module.
 */

export type XmlToken =
  | { type: 'open'; name: string; attrs: Record<string, string>; selfClosing: boolean }
  | { type: 'close'; name: string }
  | { type: 'text'; text: string };

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at character ${offset}`);
    this.name = 'XmlSyntaxError';
  }
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function codePointText(code: number): string {
  const valid = Number.isInteger(code) && code >= 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
  return valid ? String.fromCodePoint(code) : '\uFFFD';
}

/** Decodes the five XML entities and numeric character references; unknown entities stay as written. */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) return codePointText(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return codePointText(parseInt(body.slice(1), 10));
    return NAMED_ENTITIES[body] ?? whole;
  });
}

/** `x:row` and `row` are the same element to us: spreadsheet writers differ in namespace prefixes. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

const isNameEnd = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '/' || ch === '>';

// name="value" or name='value' pairs, read with one sticky regular expression: the common case.
const ATTRIBUTE = /\s*([^\s=\/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;

function setAttribute(attrs: Record<string, string>, name: string, raw: string): void {
  const value = decodeXmlEntities(raw);
  attrs[name] = value;
  const local = localName(name);
  if (local !== name && !(local in attrs)) attrs[local] = value;
}

function parseAttributes(source: string, start: number, end: number, attrs: Record<string, string>): void {
  ATTRIBUTE.lastIndex = start;
  let at = start;
  for (let m = ATTRIBUTE.exec(source); m && ATTRIBUTE.lastIndex <= end; m = ATTRIBUTE.exec(source)) {
    setAttribute(attrs, m[1]!, m[2] ?? m[3]!);
    at = ATTRIBUTE.lastIndex;
  }
  if (source.slice(at, end).trim() === '') return;
  // Anything else (a value without quotes, an attribute without a value): the careful reader.
  parseAttributesSlowly(source, at, end, attrs);
}

function parseAttributesSlowly(source: string, start: number, end: number, attrs: Record<string, string>): void {
  let i = start;
  while (i < end) {
    while (i < end && /\s/.test(source[i]!)) i++;
    if (i >= end) break;
    const nameStart = i;
    while (i < end && source[i] !== '=' && !/\s/.test(source[i]!)) i++;
    const name = source.slice(nameStart, i);
    while (i < end && /\s/.test(source[i]!)) i++;
    if (source[i] !== '=') {
      // An attribute without a value is not XML; keep it as empty rather than fail the workbook.
      if (name) attrs[name] = '';
      continue;
    }
    i++;
    while (i < end && /\s/.test(source[i]!)) i++;
    const quote = source[i];
    if (quote !== '"' && quote !== "'") throw new XmlSyntaxError(`unquoted attribute ${name}`, i);
    const valueEnd = source.indexOf(quote, i + 1);
    if (valueEnd === -1 || valueEnd > end) throw new XmlSyntaxError(`unterminated attribute ${name}`, i);
    const value = decodeXmlEntities(source.slice(i + 1, valueEnd));
    attrs[name] = value;
    const local = localName(name);
    if (local !== name && !(local in attrs)) attrs[local] = value;
    i = valueEnd + 1;
  }
}

/**
 * Finds the `>` closing a start tag, skipping any `>` inside quoted attribute values; -1 when the
 * tag is cut off (a `<` before the `>` means the tag was never closed).
 */
function findTagEnd(source: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < source.length; i++) {
    const ch = source[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '>') return i;
    else if (ch === '<') return -1;
  }
  return -1;
}

function skipPast(source: string, from: number, terminator: string, what: string): number {
  const end = source.indexOf(terminator, from);
  if (end === -1) throw new XmlSyntaxError(`unterminated ${what}`, from);
  return end + terminator.length;
}

/** Yields tags and decoded text in document order. Element names are given without prefix. */
export function* xmlTokens(source: string): Generator<XmlToken> {
  let i = 0;
  const length = source.length;
  while (i < length) {
    const lt = source.indexOf('<', i);
    if (lt === -1) {
      const tail = source.slice(i);
      if (tail) yield { type: 'text', text: decodeXmlEntities(tail) };
      return;
    }
    if (lt > i) yield { type: 'text', text: decodeXmlEntities(source.slice(i, lt)) };
    if (source.startsWith('<!--', lt)) {
      i = skipPast(source, lt + 4, '-->', 'comment');
    } else if (source.startsWith('<![CDATA[', lt)) {
      const end = source.indexOf(']]>', lt + 9);
      if (end === -1) throw new XmlSyntaxError('unterminated CDATA section', lt);
      yield { type: 'text', text: source.slice(lt + 9, end) };
      i = end + 3;
    } else if (source.startsWith('<?', lt)) {
      i = skipPast(source, lt + 2, '?>', 'processing instruction');
    } else if (source.startsWith('<!', lt)) {
      i = skipPast(source, lt + 2, '>', 'declaration');
    } else if (source[lt + 1] === '/') {
      const end = source.indexOf('>', lt + 2);
      if (end === -1) throw new XmlSyntaxError('unterminated end tag', lt);
      yield { type: 'close', name: localName(source.slice(lt + 2, end).trim()) };
      i = end + 1;
    } else {
      const end = findTagEnd(source, lt + 1);
      if (end === -1) throw new XmlSyntaxError('unterminated start tag', lt);
      let nameEnd = lt + 1;
      while (nameEnd < end && !isNameEnd(source[nameEnd]!)) nameEnd++;
      const name = source.slice(lt + 1, nameEnd);
      if (!name) throw new XmlSyntaxError('tag without a name', lt);
      const selfClosing = source[end - 1] === '/';
      const attrs: Record<string, string> = {};
      parseAttributes(source, nameEnd, selfClosing ? end - 1 : end, attrs);
      yield { type: 'open', name: localName(name), attrs, selfClosing };
      i = end + 1;
    }
  }
}
