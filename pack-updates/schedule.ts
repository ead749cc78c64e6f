/** When the update URL is polled, with `alarms` (which outlive the service worker). */

export const PACK_UPDATE_ALARM = 'preflight.packs.update';

/**
 * Chrome fires alarms at most every 30 s for packed extensions. Also the delay after a deployment
 * change: long enough that a 医保办 typing a URL is not polled letter by letter, short enough to
 * see the result while still looking at the options page.
 */
export const SOON_MS = 30_000;

export interface AlarmPlan {
  when: number;
  periodInMinutes: number;
}

/** The slice of `browser.alarms` used here. */
export interface AlarmsLike {
  create(name: string, info: { when: number; periodInMinutes: number }): Promise<void> | void;
  get(name: string): Promise<{ name: string; scheduledTime: number; periodInMinutes?: number } | undefined>;
  clear(name: string): Promise<boolean>;
}

/**
 * Next poll: one interval after the last check, never in the past (a browser that was closed
 * for a day checks shortly after it starts), and soon after a change of the update source.
 */
export function planAlarm(input: { intervalMinutes: number; lastCheckAt: string | undefined; now: Date; soon: boolean }): AlarmPlan {
  const earliest = input.now.getTime() + SOON_MS;
  const last = input.lastCheckAt === undefined ? NaN : Date.parse(input.lastCheckAt);
  const due = input.soon || Number.isNaN(last) ? earliest : Math.max(earliest, last + input.intervalMinutes * 60_000);
  return { when: due, periodInMinutes: input.intervalMinutes };
}

/** Creates or replaces the alarm; `null` removes it (no update URL configured). */
export async function applyAlarm(alarms: AlarmsLike, plan: AlarmPlan | null): Promise<void> {
  if (plan === null) {
    await alarms.clear(PACK_UPDATE_ALARM);
    return;
  }
  await alarms.create(PACK_UPDATE_ALARM, plan);
}

/**
 * At service-worker start: keep a live alarm with the right period (every wake-up would otherwise
 * push the next poll back), create one when the browser dropped it (alarms may not survive a
 * browser restart).
 */
export async function ensureAlarm(alarms: AlarmsLike, plan: AlarmPlan | null): Promise<void> {
  const existing = await alarms.get(PACK_UPDATE_ALARM);
  if (plan === null) {
    if (existing) await alarms.clear(PACK_UPDATE_ALARM);
    return;
  }
  if (existing && existing.periodInMinutes === plan.periodInMinutes) return;
  await alarms.create(PACK_UPDATE_ALARM, plan);
}
