import { packExpiredOn } from '../../rules/pack/accept';
import type { EngineStatus } from '../../workers/engine-api';
import type { FlagRecorder } from './flag-recorder';

/**
 * 规则包已过期 in the page (issue #13). A workstation keeps its last good pack in force past the
 * pack's `effective.to` rather than check nothing; the doctor must still see that the rules are
 * out of date, and the 医保办 must learn which workstations check with such a pack. The engine's
 * status carries the date; past it (judged in Beijing time, as accept.ts judges it) the badge
 * says so and one `pack-expired` event is recorded per pack for this page session.
 */
export class PackExpiry {
  private effectiveTo: string | undefined;
  private packVersion: string | undefined;
  private packId: string | undefined;
  private expiredOn: string | undefined;
  /** When the clock was last read (ms): a date changes once a day, checks come many times a minute. */
  private readAt = -Infinity;
  private readonly logged = new Set<string>();
  /** The engine's status was read at least once. */
  private known = false;

  constructor(
    private readonly recorder: FlagRecorder,
    private readonly clock: () => Date,
  ) {}

  /** The pack the engine runs, from its status. */
  setPack(status: Pick<EngineStatus, 'packId' | 'packVersion' | 'effectiveTo'>): void {
    this.effectiveTo = status.effectiveTo ?? undefined;
    this.packVersion = status.packVersion ?? undefined;
    this.packId = status.packId ?? undefined;
    this.known = true;
    this.expiredOn = undefined;
    this.readAt = -Infinity;
    this.refresh();
  }

  /** Whether a check answered by `version` comes from another pack than the status was read for. */
  isOtherPack(version: string): boolean {
    return this.known && version !== this.packVersion;
  }

  /** The pack's end date once it has passed, else undefined. */
  get on(): string | undefined {
    return this.expiredOn;
  }

  /** Looks at the clock again (a page left open over midnight); returns whether the state changed. */
  refresh(): boolean {
    // Once expired, a pack stays expired: no need to read the clock on every check.
    if (this.expiredOn !== undefined || this.effectiveTo === undefined || this.packVersion === undefined) return false;
    const now = this.clock();
    if (now.getTime() - this.readAt < 60_000) return false;
    this.readAt = now.getTime();
    this.expiredOn = packExpiredOn({ effective: { to: this.effectiveTo } }, now);
    if (this.expiredOn === undefined) return false;
    const key = `${this.packId ?? ''}\u0000${this.packVersion}`;
    if (!this.logged.has(key)) {
      this.logged.add(key);
      this.recorder.record({
        type: 'pack-expired',
        packVersion: this.packVersion,
        ...(this.packId !== undefined ? { packId: this.packId } : {}),
        effectiveTo: this.expiredOn,
      });
    }
    return true;
  }
}
