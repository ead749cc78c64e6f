import { profileApplies } from '../match';
import type { SiteProfile } from '../profile-schema';

/**
 * Which frame of a tab the picker runs in. Order screens often sit in an iframe of a HIS shell
 * (demo/emr/inpatient.html), and the picker works inside one document: it goes to the frame that
 * holds the order table. Measured by a tiny probe injected into every frame.
 */

export interface FrameProbe {
  readonly frameId: number;
  readonly url: string;
  /** Table cells in the frame's document: a rough measure of "this is where the orders are". */
  readonly cells: number;
}

/** Runs inside each frame (serialised by scripting.executeScript: no closures, no imports). */
export function probeFrame(): { url: string; cells: number } {
  return { url: location.href, cells: document.querySelectorAll('td, [role="gridcell"]').length };
}

/**
 * Repairing: the frame the profile applies to. Building: the frame with the most table cells, the
 * top frame on a tie (its id is 0).
 */
export function chooseFrame(probes: readonly FrameProbe[], profile?: SiteProfile): FrameProbe | undefined {
  if (profile) {
    const fitting = probes.filter((p) => profileApplies(profile, { url: p.url, inFrame: p.frameId !== 0 }));
    if (fitting.length > 0) return [...fitting].sort((a, b) => b.cells - a.cells || a.frameId - b.frameId)[0];
  }
  return [...probes].filter((p) => /^https?:/i.test(p.url)).sort((a, b) => b.cells - a.cells || a.frameId - b.frameId)[0];
}
