/**
 * Every match of a global pattern in `text`, as matchAll gives them, without the copy of the
 * pattern matchAll makes per call: a clause meets a dozen patterns, and a file has thousands of
 * clauses. The pattern's lastIndex is left at 0, as matchAll leaves it.
 */
export function matchesIn(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(m);
    // As matchAll does, an empty match moves on by one.
    if (m[0] === '') re.lastIndex += 1;
  }
  return out;
}
