import type { Deployment } from '../settings/deployment';
import { activatePack, type PackEngine } from './activation';
import { builtinMetaOf } from './builtin-meta';
import type { FetchLike } from './download';
import type { PackActionAnswer } from './messages';
import type { ActivePackStore } from './pack-store';
import type { ActivePackMeta, LastCheck, PackIdentity, PackRejection, PackStatus, UpdateCheckOutcome } from './pack-types';
import { acceptanceRejection } from './rejections';
import { applyAlarm, ensureAlarm, planAlarm, PACK_UPDATE_ALARM, type AlarmsLike } from './schedule';
import { compareFingerprints, fingerprintOf } from './source-fingerprint';
import { composeStatus } from './status';
import { recheckStoredPack } from './stored-pack-check';
import { importTrustedKeys } from './trusted-keys';
import { checkForUpdate } from './update-check';
import { isConfiguredSource, updateSourceOf, type UpdateSource } from './update-source';
import { packExpiredOn } from '../rules/pack/accept';
import { knownWithdrawals } from './withdrawals';

export interface PackServiceDeps {
  store: ActivePackStore;
  engine: PackEngine;
  fetch: FetchLike;
  now: () => Date;
  readDeployment: () => Promise<Deployment>;
  loadBuiltin: () => Promise<string | undefined>;
  /** Absent in tests that do not look at scheduling. */
  alarms?: AlarmsLike;
  /** Writes the status where the popup reads it (`storage.local`). */
  publish?: (status: PackStatus) => Promise<void>;
  /** Whether a status was ever published (the first start publishes one). */
  hasPublished?: () => Promise<boolean>;
  maxBytes?: number;
  downloadTimeoutMs?: number;
  onError?: (message: string, error?: unknown) => void;
  /** What the 医保办's support desk should find in the background's console (a withdrawn pack replaced). */
  log?: (message: string) => void;
}

/** Outcomes after which the pack in force is the one the 医保办 intended. */
const FINE: ReadonlySet<UpdateCheckOutcome> = new Set(['updated', 'not-modified', 'same-version']);

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The background's rule-pack service: polls, installs, answers for the status. Every operation
 * that may change the active pack runs one at a time, so a poll and an install can never
 * interleave their accept → engine → store steps.
 */
export class PackService {
  private queue: Promise<unknown> = Promise.resolve();
  private checking: Promise<PackActionAnswer> | undefined;
  private builtinMeta: Promise<ActivePackMeta | null> | undefined;
  private readonly startedAt: string;

  constructor(private readonly deps: PackServiceDeps) {
    this.startedAt = deps.now().toISOString();
  }

  /** At service-worker start: catch up with deployment changes made while asleep, keep the alarm. */
  start(): Promise<void> {
    return this.serial(async () => {
      const changed = await this.reconcile(await this.source());
      if (changed || !(await this.deps.hasPublished?.().catch(() => false))) await this.status();
    });
  }

  /** A deployment field changed (options page or policy). */
  deploymentChanged(deployment: Deployment): Promise<void> {
    return this.serial(async () => {
      if (await this.reconcile(updateSourceOf(deployment))) await this.status();
    });
  }

  /** A concurrent request joins the poll already running instead of queueing a second one. */
  checkNow(): Promise<PackActionAnswer> {
    this.checking ??= this.serial(() => this.runCheck()).finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  install(envelope: string): Promise<PackActionAnswer> {
    return this.serial(() => this.runInstall(envelope));
  }

  /** The current status, also written where the popup reads it. Never throws. */
  async status(): Promise<PackStatus> {
    const source = await this.source().catch(() => updateSourceOf({}));
    const [stored, lastCheck, alarm] = await Promise.all([
      this.deps.store.readActive().catch(() => undefined),
      this.deps.store.readLastCheck().catch(() => null),
      this.deps.alarms?.get(PACK_UPDATE_ALARM).catch(() => undefined),
    ]);
    const configured = isConfiguredSource(source);
    // A configured workstation never runs the built-in demo pack: no stored pack means none at all.
    const active = stored?.meta ?? (configured ? null : await this.builtin());
    const status = composeStatus({
      active,
      source,
      lastCheck,
      nextCheckAt: alarm?.scheduledTime,
      expired: stored ? await this.expiredNotice(stored.meta) : null,
    });
    await this.deps.publish?.(status).catch((error: unknown) => this.deps.onError?.('cannot publish the pack status', error));
    return status;
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async source(): Promise<UpdateSource> {
    return updateSourceOf(await this.deps.readDeployment());
  }

  private builtin(): Promise<ActivePackMeta | null> {
    this.builtinMeta ??= this.deps
      .loadBuiltin()
      .then((text) => builtinMetaOf(text, this.startedAt))
      .catch(() => null);
    return this.builtinMeta;
  }

  /**
   * Rollback protection compares with the stored pack only: the built-in demo pack is never in
   * force where packs can be accepted (a configured workstation), so it is nothing to protect.
   */
  private async currentPack(): Promise<PackIdentity | undefined> {
    return (await this.deps.store.readActive())?.meta;
  }

  /** The stored pack past its end date: recorded once (the event), then reported with the status. */
  private async expiredNotice(meta: ActivePackMeta): Promise<{ on: string; noticedAt: string } | null> {
    const on = meta.effectiveTo !== undefined ? packExpiredOn({ effective: { from: '0000-01-01', to: meta.effectiveTo } }, this.deps.now()) : undefined;
    const recorded = await this.deps.store.readExpired().catch(() => null);
    if (recorded) return { on: recorded.on, noticedAt: recorded.noticedAt };
    if (on === undefined) return null;
    const notice = { id: meta.id, version: meta.version, on, noticedAt: this.deps.now().toISOString() };
    if (await this.deps.store.noteExpired(notice).catch(() => false)) {
      this.deps.onError?.(`规则包已过期: ${meta.id} ${meta.version} ended ${on}; it stays in force until a newer pack is installed`);
    }
    return { on, noticedAt: notice.noticedAt };
  }

  private activationContext() {
    return { store: this.deps.store, engine: this.deps.engine, now: this.deps.now, currentPack: () => this.currentPack() };
  }

  private async runCheck(): Promise<PackActionAnswer> {
    let outcome: UpdateCheckOutcome;
    let rejection: PackRejection | undefined;
    let extra: Pick<LastCheck, 'refusedWithdrawals' | 'replacedWithdrawn'> = {};
    try {
      const result = await checkForUpdate(await this.source(), {
        ...this.activationContext(),
        fetch: this.deps.fetch,
        ...(this.deps.maxBytes !== undefined ? { maxBytes: this.deps.maxBytes } : {}),
        ...(this.deps.downloadTimeoutMs !== undefined ? { timeoutMs: this.deps.downloadTimeoutMs } : {}),
      });
      outcome = result.outcome;
      rejection = result.rejection;
      extra = {
        ...(result.refusedWithdrawals ? { refusedWithdrawals: result.refusedWithdrawals } : {}),
        ...(result.replacedWithdrawn ? { replacedWithdrawn: result.replacedWithdrawn } : {}),
      };
      this.logWithdrawals(result);
    } catch (error) {
      outcome = 'failed';
      rejection = acceptanceRejection('internal-error', messageOf(error));
    }
    const lastCheck: LastCheck = { at: this.deps.now().toISOString(), outcome, ...(rejection ? { rejection } : {}), ...extra };
    await this.deps.store.saveLastCheck(lastCheck).catch((error: unknown) => this.deps.onError?.('cannot record the update check', error));
    await this.rescheduleAfterCheck(lastCheck.at);
    return { ok: FINE.has(outcome), status: await this.status(), ...(rejection ? { rejection } : {}) };
  }

  private logWithdrawals(result: { meta?: ActivePackMeta; refusedWithdrawals?: PackRejection[]; replacedWithdrawn?: { id: string; version: string; reason: string } }): void {
    const log = this.deps.log ?? ((message: string) => this.deps.onError?.(message));
    for (const refused of result.refusedWithdrawals ?? []) log(refused.message);
    const replaced = result.replacedWithdrawn;
    if (replaced && result.meta) {
      log(`规则包 ${replaced.id} ${replaced.version} 已被医保办撤回（${replaced.reason}），已改用 ${result.meta.id} ${result.meta.version} / withdrawn pack replaced`);
    }
  }

  /** A check (by hand or by alarm) restarts the interval: a pending "soon" poll after a settings change is then moot. */
  private async rescheduleAfterCheck(at: string): Promise<void> {
    const alarms = this.deps.alarms;
    if (!alarms) return;
    try {
      const source = await this.source();
      if (source.url === null) return;
      await applyAlarm(alarms, planAlarm({ intervalMinutes: source.intervalMinutes, lastCheckAt: at, now: this.deps.now(), soon: false }));
    } catch (error) {
      this.deps.onError?.('cannot schedule pack update checks', error);
    }
  }

  private async runInstall(envelope: string): Promise<PackActionAnswer> {
    let rejection: PackRejection | undefined;
    try {
      const source = await this.source();
      const { keys } = await importTrustedKeys(source.trustedKeys);
      // A version the 医保办 withdrew is not installed by hand either.
      const { notices } = await knownWithdrawals(this.deps.store, keys);
      const config = { trustedKeys: keys, expectedPackId: source.expectedPackId, withdrawn: notices };
      const result = await activatePack(envelope, 'installed', config, this.activationContext());
      if (result.outcome === 'updated') this.logWithdrawals({ meta: result.meta, ...(result.replaced ? { replacedWithdrawn: result.replaced } : {}) });
      // Installing the version already in use changes nothing; the 医保办 is told so rather than shown success.
      if (result.outcome === 'same-version') rejection = acceptanceRejection('not-newer');
      else if (result.outcome !== 'updated') rejection = result.rejection;
    } catch (error) {
      rejection = acceptanceRejection('internal-error', messageOf(error));
    }
    return { ok: rejection === undefined, status: await this.status(), ...(rejection ? { rejection } : {}) };
  }

  /**
   * Compares the deployment with what was last seen; re-checks the stored pack when the trusted
   * keys changed and moves the alarm when the source did. Returns whether anything changed.
   */
  private async reconcile(source: UpdateSource): Promise<boolean> {
    const current = await fingerprintOf(source);
    const seen = await this.deps.store.readSeenSource().catch(() => null);
    const changes = compareFingerprints(seen, current);
    if (changes.acceptance) await this.recheckActive(source);
    if ((changes.acceptance || changes.source) && isConfiguredSource(source)) await this.leaveBuiltin();
    const alarms = this.deps.alarms;
    if (alarms) {
      const lastCheck = await this.deps.store.readLastCheck().catch(() => null);
      const plan =
        source.url === null
          ? null
          : planAlarm({ intervalMinutes: source.intervalMinutes, lastCheckAt: lastCheck?.at, now: this.deps.now(), soon: changes.source });
      try {
        if (changes.source || changes.interval) await applyAlarm(alarms, plan);
        else await ensureAlarm(alarms, plan);
      } catch (error) {
        this.deps.onError?.('cannot schedule pack update checks', error);
      }
    }
    const changed = changes.acceptance || changes.source || changes.interval;
    if (changed) await this.deps.store.saveSeenSource(current).catch((error: unknown) => this.deps.onError?.('cannot record the deployment', error));
    return changed;
  }

  /**
   * Just configured (an update URL or trusted keys set) with no stored pack: the engine may still
   * run the built-in demo pack from before; take it out, so that until the hospital's own pack
   * arrives every check says 审核未完成 (无可用规则包) instead of checking with demo rules.
   */
  private async leaveBuiltin(): Promise<void> {
    const stored = await this.deps.store.readActive().catch(() => undefined);
    if (stored) return;
    try {
      await this.deps.engine.unloadPack?.();
    } catch (error) {
      this.deps.onError?.('cannot take the built-in pack out of the engine', error);
    }
  }

  /**
   * The trusted keys changed: a stored pack they no longer vouch for is dropped now, not at the
   * next start — and gives way to the built-in pack on an unconfigured workstation only.
   */
  private async recheckActive(source: UpdateSource): Promise<void> {
    const stored = await this.deps.store.readActive().catch(() => undefined);
    if (!stored) return;
    const checked = await recheckStoredPack(this.deps.store, stored, source, this.deps.now());
    if (checked.ok || !checked.dropped) return;
    // Configured: reconcile takes the dropped pack out of the engine next (leaveBuiltin).
    if (isConfiguredSource(source)) return;
    try {
      const builtin = await this.deps.loadBuiltin();
      if (builtin === undefined) return;
      const loaded = await this.deps.engine.loadPack(builtin);
      if (!loaded.ok) this.deps.onError?.('the engine refused the built-in pack', loaded.errors);
    } catch (error) {
      this.deps.onError?.('cannot hand the built-in pack to the engine', error);
    }
  }
}
