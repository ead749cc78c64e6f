import type { Finding } from '../../contract/findings';
import { mergeFinding } from './same-restriction';

/**
 * One finding per problem on a line, for the order-scope rules. Two of them can flag the same line
 * against the same other lines: the same medicine twice is both a same-ingredient duplicate
 * (重复开药) and, for a 质子泵抑制剂, a same-class one. The doctor has one thing to fix, so the
 * earlier rule's finding stays (the pack lists the more specific rule first) and names the other's
 * 依据 too. Findings that concern different lines stay apart: they are different problems.
 */

function twinKey(finding: Finding): string | undefined {
  if (finding.lineId === undefined || finding.relatedLineIds === undefined) return undefined;
  const related = [...new Set(finding.relatedLineIds)].sort();
  return `${finding.kind}\u0000${finding.lineId}\u0000${related.join('\u0000')}`;
}

export function mergeCrossLineTwins(findings: readonly Finding[]): Finding[] {
  const kept: Finding[] = [];
  const byKey = new Map<string, Finding>();
  for (const finding of findings) {
    const key = twinKey(finding);
    const twin = key === undefined ? undefined : byKey.get(key);
    if (twin) {
      mergeFinding(twin, finding);
      continue;
    }
    if (key !== undefined) byKey.set(key, finding);
    kept.push(finding);
  }
  return kept;
}
