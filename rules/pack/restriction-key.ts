import { canonicalJson } from './canonical-json';

/**
 * When two rules state the same restriction. Shared by the import (one rule per restriction and
 * code) and the engine (one finding per restriction and line, for packs built before that).
 */

type Params = Readonly<Record<string, unknown>>;

/**
 * Params as far as they restrict: `label` only says how a limit reads in messages, and an empty
 * list restricts nothing, whether a source wrote it or left it out.
 */
function restricting(params: Params): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (key === 'label' || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    out[key] = value;
  }
  return out;
}

/** By params object: imported rules share the params of one reading, so most are seen before. */
const written = new WeakMap<Params, string>();

function restrictingJson(params: Params | undefined): string {
  if (!params) return '{}';
  let json = written.get(params);
  if (json === undefined) {
    json = canonicalJson(restricting(params));
    written.set(params, json);
  }
  return json;
}

/** Equal for two rules of one kind whose params restrict the same way. */
/** Rules made from one restriction text share its params object: their key is computed once. */
const keys = new WeakMap<object, string>();

export function restrictionKey(kind: string, params: Params | undefined): string {
  if (!params) return `${kind}\u0000${restrictingJson(params)}`;
  let json = keys.get(params);
  if (json === undefined) {
    json = restrictingJson(params);
    keys.set(params, json);
  }
  return `${kind}\u0000${json}`;
}

/**
 * Which question a rule of a kind answers. Most kinds ask one (which sex, which ages …), so two
 * rules of the kind with different params disagree; a visit-type rule may instead forbid 互联网诊疗
 * (第十批), which a 限住院 rule neither says nor contradicts.
 */
function questions(kind: string, params: Params): string[] {
  if (kind !== 'visit-type') return ['*'];
  const out: string[] = [];
  if (params.allowed !== undefined) out.push('allowed');
  if (params.forbidInternet === true) out.push('internet');
  return out;
}

/** Two rules of one kind that answer the same question differently. */
export function disagree(kind: string, a: Params | undefined, b: Params | undefined): boolean {
  if (restrictionKey(kind, a) === restrictionKey(kind, b)) return false;
  const qa = questions(kind, a ?? {});
  const qb = questions(kind, b ?? {});
  return qa.some((q) => qb.includes(q));
}

/** Params in one short line for a report: what restricts, without labels or empty lists. */
export function paramsSummary(params: Params | undefined): string {
  return restrictingJson(params);
}
