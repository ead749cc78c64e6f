import type { ActivePackMeta } from './pack-types';

/**
 * Who the built-in pack is, for the status and for rollback protection when nothing else was ever
 * activated. Read from its JSON without the full schema: the engine validates it when it loads it,
 * and this only needs three fields.
 */
export function builtinMetaOf(text: string | undefined, activatedAt: string): ActivePackMeta | null {
  if (text === undefined) return null;
  try {
    const raw: unknown = JSON.parse(text);
    if (typeof raw !== 'object' || raw === null) return null;
    const { id, version, rules } = raw as { id?: unknown; version?: unknown; rules?: unknown };
    if (typeof id !== 'string' || typeof version !== 'string') return null;
    return { id, version, ruleCount: Array.isArray(rules) ? rules.length : 0, source: 'built-in', keyId: null, activatedAt };
  } catch {
    return null;
  }
}
