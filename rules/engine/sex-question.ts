import type { Finding } from '../../contract/findings';

/**
 * One question about a patient's recorded sex. A drug limited to men on a woman and a male-only
 * diagnosis on the same order are the same wrong fact (usually the sex typed wrong, else the
 * diagnosis): correcting it clears both. The line finding asks; the diagnosis finding stays in the
 * list and the log but does not stop the submission a second time.
 */
export function oneSexQuestion(findings: Finding[]): Finding[] {
  const asked = findings.some((f) => f.kind === 'sex' && f.lineId !== undefined && f.severity === 'critical' && !f.passive);
  if (!asked) return findings;
  for (const finding of findings) if (finding.kind === 'diagnosis-sex' && finding.lineId === undefined) finding.passive = true;
  return findings;
}
