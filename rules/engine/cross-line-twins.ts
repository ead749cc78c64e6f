import type { Finding } from '../../contract/findings';
import { mergeFinding } from './same-restriction';

/**
 * One finding per problem on a line, for the order-scope rules. Two of them can flag the same line
 * against the same other lines: the same medicine twice is both a same-ingredient duplicate
 * (重复开药) and, for a 质子泵抑制剂, a same-class one. The doctor has one thing to fix, so the
 * earlier rule's finding stays (the pack lists the more specific rule first) and names the other's
 * 依据 too. Findings that concern different lines stay apart: they are different problems.
 */

/** Same lines concerned, in any order and counting each once. */
function sameRelated(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  if (left.size !== right.size) return false;
  for (const id of left) if (!right.has(id)) return false;
  return true;
}

export function mergeCrossLineTwins(findings: readonly Finding[]): Finding[] {
  const kept: Finding[] = [];
  // Keyed by kind and line only: comparing the related lines (up to a whole prescription) is left
  // to the rare findings that share both, since most orders have none.
  const byLine = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (finding.lineId === undefined || finding.relatedLineIds === undefined) {
      kept.push(finding);
      continue;
    }
    const key = `${finding.kind}\u0000${finding.lineId}`;
    const sameLine = byLine.get(key);
    const twin = sameLine?.find((other) => sameRelated(other.relatedLineIds!, finding.relatedLineIds!));
    if (twin) {
      mergeFinding(twin, finding);
      continue;
    }
    if (sameLine) sameLine.push(finding);
    else byLine.set(key, [finding]);
    kept.push(finding);
  }
  return kept;
}
