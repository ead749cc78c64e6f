import type { FlagTimings } from '../../contract/flag-event';
import type { Finding } from '../../contract/findings';
import type { PreflightSettings } from '../../settings/schema';
import { shownMode } from './finding-policy';
import { loggedFinding, type FlagRecorder } from './flag-recorder';
import type { OrderSnapshot } from './order-reader';
import { roundMs } from './timing';

/** The check whose findings were just painted, with the moments the timings are taken from. */
export interface PaintedCheck {
  snapshot: OrderSnapshot;
  packVersion: string;
  engineMs: number;
  renderStart: number;
  painted: number;
}

/**
 * Logs the findings the doctor sees for the first time on this order, once each, with how long
 * reading the page, the engine and painting took for the check that found them.
 */
export function recordFirstShown(recorder: FlagRecorder, findings: readonly Finding[], check: PaintedCheck, settings: PreflightSettings): void {
  const { snapshot } = check;
  const timings: FlagTimings = {
    extractMs: roundMs(snapshot.extractMs),
    engineMs: roundMs(check.engineMs),
    renderMs: roundMs(check.painted - check.renderStart),
    totalMs: roundMs(check.painted - snapshot.startedAt),
  };
  for (const finding of findings) {
    recorder.record({
      type: 'finding-shown',
      orderId: snapshot.order!.id,
      packVersion: check.packVersion,
      finding: loggedFinding(finding, snapshot.order),
      mode: shownMode(finding, settings),
      timings,
    });
  }
}
