import type { OverlayCallbacks } from '../../components/Overlay';
import type { Decision } from '../../contract/decision';
import type { Action, Finding } from '../../contract/findings';
import type { DoctorActions } from './doctor-actions';
import { guarded } from './safe';
import type { SubmitGate } from './submit-gate';

/**
 * What the overlay's buttons do: the doctor's actions on a finding, the review dialog's answers,
 * the consent sheet. Each is guarded, so a failure in our code never reaches the page.
 */
export function overlayCallbacks(actions: DoctorActions, gate: Pick<SubmitGate, 'close'>, openConsent: () => void): OverlayCallbacks {
  return {
    canApply: guarded('can apply', (action: Action, finding: Finding) => actions.canApply(action, finding), false),
    onAction: guarded('apply action', (finding: Finding, action: Action) => actions.apply(finding, action)),
    fixNote: guarded('fix note', (action: Action, finding: Finding) => actions.fixNote(action, finding), undefined),
    onDismiss: guarded('dismiss', (finding: Finding) => actions.dismiss(finding)),
    onReport: guarded('report', (finding: Finding, reason: string | undefined) => actions.report(finding, reason)),
    onFocusFinding: guarded('focus finding', (finding: Finding | undefined) => actions.setFocused(finding)),
    onFocusLine: guarded('focus line', (lineId: string) => actions.focusLine(lineId)),
    onReturn: guarded('review return', (decisions: Decision[]) => gate.close('cancel', decisions)),
    onContinue: guarded('review continue', (decisions: Decision[]) => gate.close('submit', decisions)),
    onAddDiagnosis: guarded('add diagnosis', (finding: Finding, decisions: Decision[]) => {
      gate.close('cancel', decisions, false);
      actions.focusDiagnosis(finding);
    }),
    onConsent: guarded('consent sheet', openConsent),
  };
}
