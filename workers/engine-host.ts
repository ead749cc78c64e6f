import { OrderSchema } from '../contract/order';
import { parsePackText, validatePack, zodErrors } from '../rules/pack/load';
import { compilePack, type CompiledPack } from '../rules/engine/compile';
import { compilePackImage, PackImageSchema, PACK_IMAGE_FORMAT } from '../rules/engine/image';
import { EngineSession } from '../rules/engine/session';
import { SessionKeySchema, type CheckOutcome, type EngineApi, type EngineStatus, type LoadPackOutcome } from './engine-api';

/** Enough for every open order form of a busy workstation; older ones are rebuilt on demand. */
const DEFAULT_MAX_SESSIONS = 64;
const DEFAULT_SESSION_KEY = 'default';
/** The workstation's pack stays in force past its end date (规则包已过期): see CompileOptions. */
const COMPILE = { keepExpired: true };

interface ActivePack {
  compiled: CompiledPack;
  loadedAt: string;
}

export interface EngineHostOptions {
  maxSessions?: number;
  now?: () => Date;
}

/** A stored pack image (see rules/engine/image.ts) rather than a pack: it has the image format and no rules array. */
const isPackImage = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && (value as { format?: unknown }).format === PACK_IMAGE_FORMAT && 'records' in value;

/**
 * The engine behind the worker boundary: holds the last good compiled pack and one incremental
 * session per caller key. Pure apart from the clock, so it runs unchanged in Node tests.
 */
export class EngineHost implements EngineApi {
  private active: ActivePack | undefined;
  /** Insertion order doubles as recency order: a used session is moved to the end. */
  private readonly sessions = new Map<string, EngineSession>();
  private readonly maxSessions: number;
  private readonly now: () => Date;

  constructor(options: EngineHostOptions = {}) {
    this.maxSessions = Math.max(1, options.maxSessions ?? DEFAULT_MAX_SESSIONS);
    this.now = options.now ?? (() => new Date());
  }

  loadPack(pack: unknown): LoadPackOutcome {
    let compiled: CompiledPack;
    if (isPackImage(pack)) {
      const image = PackImageSchema.safeParse(pack);
      if (!image.success) return { ok: false, errors: zodErrors(image.error).map((e) => ({ ...e, path: `image.${e.path}` })) };
      try {
        compiled = compilePackImage(image.data, COMPILE);
      } catch (error) {
        return { ok: false, errors: [{ path: 'image', message: String(error instanceof Error ? error.message : error) }] };
      }
    } else {
      const validated = typeof pack === 'string' ? parsePackText(pack) : validatePack(pack);
      if (!validated.ok) return { ok: false, errors: validated.errors };
      try {
        compiled = compilePack(validated.pack, COMPILE);
      } catch (error) {
        return { ok: false, errors: [{ path: '(root)', message: `pack failed to compile: ${String(error)}` }] };
      }
    }
    this.active = { compiled, loadedAt: this.now().toISOString() };
    // Sessions cache findings of the previous pack.
    this.sessions.clear();
    return { ok: true, packId: compiled.id, version: compiled.version, ruleCount: compiled.ruleCount };
  }

  unloadPack(): void {
    this.active = undefined;
    this.sessions.clear();
  }

  check(order: unknown, sessionKey: string = DEFAULT_SESSION_KEY): CheckOutcome {
    if (!this.active) return { ok: false, reason: 'no-pack', errors: [] };
    const key = SessionKeySchema.safeParse(sessionKey);
    if (!key.success) return { ok: false, reason: 'invalid-order', errors: zodErrors(key.error).map((e) => ({ ...e, path: 'sessionKey' })) };
    const parsed = OrderSchema.safeParse(order);
    if (!parsed.success) return { ok: false, reason: 'invalid-order', errors: zodErrors(parsed.error) };
    return { ok: true, result: this.session(key.data, this.active.compiled).evaluate(parsed.data) };
  }

  status(): EngineStatus {
    return {
      packId: this.active?.compiled.id ?? null,
      packVersion: this.active?.compiled.version ?? null,
      ruleCount: this.active?.compiled.ruleCount ?? 0,
      loadedAt: this.active?.loadedAt ?? null,
      effectiveTo: this.active?.compiled.effectiveTo ?? null,
      sessions: this.sessions.size,
    };
  }

  endSession(sessionKey: string): void {
    this.sessions.delete(sessionKey);
  }

  /** How many lines the session's last check recomputed; for tests and diagnostics. */
  lastRecomputed(sessionKey: string = DEFAULT_SESSION_KEY): number | undefined {
    return this.sessions.get(sessionKey)?.lastRecomputed;
  }

  private session(key: string, compiled: CompiledPack): EngineSession {
    let session = this.sessions.get(key);
    if (session) {
      this.sessions.delete(key);
    } else {
      session = new EngineSession(compiled);
      if (this.sessions.size >= this.maxSessions) {
        const oldest = this.sessions.keys().next();
        if (!oldest.done) this.sessions.delete(oldest.value);
      }
    }
    this.sessions.set(key, session);
    return session;
  }
}
