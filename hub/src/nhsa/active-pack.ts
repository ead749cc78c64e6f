import { compilePack, type CompiledPack } from '../../../rules/engine/compile';
import { acceptPack } from '../../../rules/pack/accept';
import type { Rule } from '../../../rules/pack/schema';
import type { TrustedKey } from '../../../rules/pack/signature';
import type { Queryable } from '../db/db';
import { latestPackHead, packBySeq } from '../packs/store';

/**
 * The pack the 3101 service checks with: the hub's latest published pack, verified and compiled
 * once per publication and shared by every request. Each request takes one snapshot and uses it
 * throughout, so a pack update never mixes two versions in one answer; the switch is one
 * assignment once the new pack is compiled, and requests keep being answered with the previous
 * pack while that happens (a national-size pack takes seconds to verify and compile).
 *
 * The hub's processes share nothing but the database, so each polls the latest pack's identity
 * (one indexed row, no envelope) at most every `refreshMs`; a publication through this process
 * is seen at once (invalidate). Several processes behind a load balancer thus agree within
 * `refreshMs` after a publication. While there is a pack to answer with, that poll runs beside
 * the request that finds the last one stale, not in front of it (a round trip added to one
 * request a second was a visible part of the service's p99), and a newer pack it finds starts
 * compiling at once; only a hub with no pack yet, or `refreshMs` 0, waits for the poll.
 */

export interface ActivePack {
  seq: number;
  packId: string;
  version: string;
  compiled: CompiledPack;
  rulesById: ReadonlyMap<string, Rule>;
  /** The pack's `effective.to` when that day has passed: still served, as the extension does, and said in warn_msg. */
  expiredOn?: string;
}

export type PackState = { ok: true; pack: ActivePack } | { ok: false; message: string };

export interface ActivePackOptions {
  trustedKeys: readonly TrustedKey[];
  timeZone: string;
  maxBytes: number;
  /** How long a poll of the latest pack's identity stays fresh; 0 polls on every request. */
  refreshMs: number;
  log?: (message: string) => void;
  now?: () => number;
}

export const NO_PACK_MESSAGE = '医院中心端尚未发布规则包（或已全部撤回），无法审核；请联系医保办在中心端发布规则包';

type Head = Awaited<ReturnType<typeof latestPackHead>>;

export class ActivePackCache {
  private current: ActivePack | undefined;
  private head: Head;
  private headAt = Number.NEGATIVE_INFINITY;
  private polling: Promise<void> | undefined;
  private loading: { seq: number; promise: Promise<ActivePack | string> } | undefined;
  /** A background poll failed and said so; quiet until one succeeds again. */
  private pollFailing = false;
  /** Publications that failed verification, with the reason: not retried on every request. */
  private readonly refused = new Map<number, string>();
  private readonly now: () => number;
  private readonly log: (message: string) => void;

  constructor(
    private readonly db: Queryable,
    private readonly options: ActivePackOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
    this.log = options.log ?? ((message) => console.error(message));
  }

  /** The next get() reads the latest pack's identity again: called after a publication or withdrawal. */
  invalidate(): void {
    this.headAt = Number.NEGATIVE_INFINITY;
  }

  /**
   * After a publication or withdrawal through this process: reads the latest pack's identity and
   * waits until it is compiled and current, so the 医保办's publish answer means "in force here".
   * Never throws; a failure is logged and the next request tries again.
   */
  async refresh(): Promise<void> {
    this.invalidate();
    try {
      await this.poll();
      const seq = this.head?.seq;
      if (seq !== undefined && this.current?.seq !== seq && !this.refused.has(seq)) await this.load(seq);
    } catch (error) {
      this.log(`[hub] 3101 服务刷新规则包失败 / refreshing the pack failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async get(): Promise<PackState> {
    if (this.now() - this.headAt >= this.options.refreshMs) {
      if (this.current && this.options.refreshMs > 0) this.pollBeside();
      else await this.poll();
    }
    const head = this.head;
    if (!head) return { ok: false, message: NO_PACK_MESSAGE };
    if (this.current?.seq === head.seq) return { ok: true, pack: this.current };
    const refusal = this.refused.get(head.seq);
    const loading = refusal === undefined ? this.load(head.seq) : undefined;
    // The previous pack answers while the new one compiles; only a hub with none waits.
    if (this.current) return { ok: true, pack: this.current };
    const loaded = loading ? await loading : refusal!;
    return typeof loaded === 'string' ? { ok: false, message: loaded } : { ok: true, pack: loaded };
  }

  private poll(): Promise<void> {
    this.polling ??= (async () => {
      try {
        const started = this.now();
        this.head = await latestPackHead(this.db);
        this.headAt = started;
        if (!this.head) this.current = undefined;
      } finally {
        this.polling = undefined;
      }
    })();
    return this.polling;
  }

  /**
   * A poll nobody waits for: a newer pack starts compiling when found, and a failure (the
   * database away) leaves the pack in force — the request's own log write meets the outage.
   */
  private pollBeside(): void {
    this.poll().then(
      () => {
        this.pollFailing = false;
        const seq = this.head?.seq;
        if (seq !== undefined && this.current?.seq !== seq && !this.refused.has(seq)) void this.load(seq);
      },
      (error: unknown) => {
        if (this.pollFailing) return;
        this.pollFailing = true;
        this.log(`[hub] 3101 服务检查新规则包失败 / looking for a newer pack failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  }

  /** Never rejects: a failure is the message to answer with. */
  private load(seq: number): Promise<ActivePack | string> {
    if (this.loading?.seq === seq) return this.loading.promise;
    const promise = this.verifyAndCompile(seq).then(
      (loaded) => {
        if (typeof loaded === 'string') {
          this.refused.set(seq, loaded);
          this.log(`[hub] 3101 服务无法启用规则包（seq ${seq}）/ cannot use the latest pack: ${loaded}`);
        } else if (this.head?.seq === seq) {
          // Only the pack still latest becomes current: a slow load must not undo a newer switch.
          this.current = loaded;
        }
        if (this.loading?.seq === seq) this.loading = undefined;
        return loaded;
      },
      (error: unknown) => {
        // A database outage while loading: not the pack's fault, so tried again on the next request.
        if (this.loading?.seq === seq) this.loading = undefined;
        this.log(`[hub] 3101 服务读取规则包失败 / loading the latest pack failed: ${error instanceof Error ? error.message : String(error)}`);
        return '中心端读取规则包失败，请稍后重试 / the hub could not read its pack; retry later';
      },
    );
    this.loading = { seq, promise };
    return promise;
  }

  private async verifyAndCompile(seq: number): Promise<ActivePack | string> {
    const stored = await packBySeq(this.db, seq);
    if (!stored) return '规则包记录已不存在 / the pack row is gone';
    // The same acceptance check as at publication and on the workstations (signature, schema):
    // the database is not trusted to hand back what was verified. An expired pack stays in force.
    const verdict = await acceptPack(stored.envelope, {
      trustedKeys: this.options.trustedKeys,
      now: new Date(),
      maxBytes: this.options.maxBytes,
      timeZone: this.options.timeZone,
      keepExpired: true,
    });
    if (!verdict.ok) return `中心端最新规则包 ${stored.packId} ${stored.version} 校验未通过：${verdict.message}`;
    const pack: ActivePack = {
      seq,
      packId: verdict.pack.id,
      version: verdict.pack.version,
      compiled: compilePack(verdict.pack),
      rulesById: new Map(verdict.pack.rules.map((rule) => [rule.id, rule])),
    };
    if (verdict.expiredOn !== undefined) pack.expiredOn = verdict.expiredOn;
    return pack;
  }
}
