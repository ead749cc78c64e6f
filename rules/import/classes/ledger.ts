import { itemKey, type KnowledgePoint } from './knowledge-point';
import { classBySeq } from './rule-classes';

/**
 * The knowledge-point ledger: the same point (rule class + item) published again later replaces
 * the earlier one whole — codes the new publication lacks are no longer restricted by it, codes
 * it adds are. Publications are ordered by date (then batch number), not by file name; points of
 * one publication never replace each other.
 */

export interface Replacement {
  point: KnowledgePoint;
  by: KnowledgePoint;
}

export interface LedgerResult {
  live: KnowledgePoint[];
  replaced: Replacement[];
}

const batchNumber = (p: KnowledgePoint) => Number(/^b(\d+)/.exec(p.batch?.slug ?? '')?.[1] ?? 0);
/** Points of one publication (date and batch) never replace each other. */
export const publicationKey = (p: KnowledgePoint) => `${p.publishedAt ?? ''}\u0000${p.batch?.slug ?? ''}`;

/** Earlier first: undated before dated, then by date, then batch number; ties keep input order. */
function comparePublications(a: KnowledgePoint, b: KnowledgePoint): number {
  const da = a.publishedAt ?? '';
  const db = b.publishedAt ?? '';
  if (da !== db) return da < db ? -1 : 1;
  return batchNumber(a) - batchNumber(b);
}

/**
 * Which earlier points a point is the same knowledge point as. A pair (重复收费) is its two codes;
 * an operation of a 手术组 its code; any other item its name or any shared national code.
 */
function identities(p: KnowledgePoint): string[] {
  const reader = classBySeq(p.classSeq)?.reader;
  if (reader === 'charge-pair') {
    const pair = [p.mainCode ?? p.codes[0] ?? '', p.secondaryCode ?? p.codes[1] ?? ''].join('×');
    return [`pair:${pair}`, `name:${itemKey(p.name)}`];
  }
  return [`name:${itemKey(p.name)}`, ...p.codes.map((c) => `code:${c}`)];
}

export function resolveLedger(points: readonly KnowledgePoint[]): LedgerResult {
  // One publication (the usual single batch file): nothing can replace anything.
  const first = points[0];
  const samePublication = (p: KnowledgePoint) => (p.publishedAt ?? '') === (first!.publishedAt ?? '') && (p.batch?.slug ?? '') === (first!.batch?.slug ?? '');
  if (!first || points.every(samePublication)) return { live: [...points], replaced: [] };
  const order = points.map((p, i) => ({ p, i })).sort((x, y) => comparePublications(x.p, y.p) || x.i - y.i);
  const publications: KnowledgePoint[][] = [];
  for (const { p } of order) {
    const last = publications[publications.length - 1];
    if (last && publicationKey(last[0]!) === publicationKey(p)) last.push(p);
    else publications.push([p]);
  }

  /** class seq → identity → live points holding it. */
  const index = new Map<number, Map<string, Set<KnowledgePoint>>>();
  const live = new Set<KnowledgePoint>();
  const replaced: Replacement[] = [];
  for (const publication of publications) {
    for (const p of publication) {
      const byIdentity = index.get(p.classSeq);
      if (!byIdentity) continue;
      const earlier = new Set<KnowledgePoint>();
      for (const id of identities(p)) for (const old of byIdentity.get(id) ?? []) earlier.add(old);
      for (const old of earlier) {
        if (!live.has(old)) continue;
        live.delete(old);
        replaced.push({ point: old, by: p });
        for (const id of identities(old)) byIdentity.get(id)?.delete(old);
      }
    }
    for (const p of publication) {
      live.add(p);
      let byIdentity = index.get(p.classSeq);
      if (!byIdentity) index.set(p.classSeq, (byIdentity = new Map()));
      for (const id of identities(p)) {
        const set = byIdentity.get(id);
        if (set) set.add(p);
        else byIdentity.set(id, new Set([p]));
      }
    }
  }
  return { live: points.filter((p) => live.has(p)), replaced };
}
