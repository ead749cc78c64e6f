import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { collectEvents } from '../../../components/review/ExportButtons';
import { exportTable } from '../../../components/review/event-facts';
import { toCsv } from '../../../components/review/export/csv';
import { isCancelled, ReviewSourceError } from '../../../contract/review/data-source';
import type { ReviewFilters } from '../../../contract/review/review-filters';
import type { OverrideDimension } from '../../../contract/review/stats';
import { dayOf, startOfDay } from '../../../contract/review/zoned-time';
import type { FlagEvent } from '../../../contract/flag-event';
import { FlagLogDb, storeFlagEvents } from '../../../log/flag-log-db';
import { LOCAL_CAPABILITIES, localReviewSource, scanFlagLog } from '../../../log/review-source';
import { markUploaded } from '../../../log/upload/uploader';
import { DEPARTMENTS, flagLog, PRESCRIBERS } from './local-events';

const ZONE = 'Asia/Shanghai';

let dbs: FlagLogDb[] = [];
function openDb(): FlagLogDb {
  const db = new FlagLogDb(`local-review-${crypto.randomUUID()}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs) await db.delete();
  dbs = [];
});

async function logOf(events: FlagEvent[]): Promise<FlagLogDb> {
  const db = openDb();
  const outcome = await storeFlagEvents(db, events);
  // Every synthetic record is one the real schema accepts.
  expect(outcome).toEqual({ stored: events.length, rejected: 0 });
  return db;
}

// ---- The brute-force side: plain array filters, written apart from the source's own code. ----

const newestFirst = (a: FlagEvent, b: FlagEvent) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1);

function selected(events: FlagEvent[], f: ReviewFilters): FlagEvent[] {
  return events.filter((e) => {
    const finding = 'finding' in e ? e.finding : undefined;
    const day = dayOf(new Date(e.at), ZONE);
    return (
      (!f.from || day >= f.from) &&
      (!f.to || day <= f.to) &&
      (!f.department || e.context?.department === f.department) &&
      (!f.prescriber || e.context?.prescriberId === f.prescriber) &&
      (!f.ruleId || finding?.ruleId === f.ruleId) &&
      (!f.kind || finding?.kind === f.kind) &&
      (!f.severity || finding?.severity === f.severity) &&
      (!f.decision || (e.type === 'decision' && e.decision.decision === f.decision)) &&
      (!f.type || e.type === f.type)
    );
  });
}

const isDecision = (e: FlagEvent, kind?: string) => e.type === 'decision' && (kind === undefined || e.decision.decision === kind);
const counts = (group: FlagEvent[]) => ({
  decisions: group.filter((e) => isDecision(e)).length,
  continued: group.filter((e) => isDecision(e, 'continued')).length,
  corrected: group.filter((e) => isDecision(e, 'modified') || isDecision(e, 'removed-line')).length,
  ignored: group.filter((e) => isDecision(e, 'ignored')).length,
});

function keyOf(e: FlagEvent, dimension: OverrideDimension): string | null {
  if (dimension === 'rule') return 'finding' in e ? e.finding.ruleId : null;
  if (dimension === 'department') return e.context?.department ?? null;
  if (dimension === 'prescriber') return e.context?.prescriberId ?? null;
  return 'local';
}

function groupBy<K>(events: FlagEvent[], key: (e: FlagEvent) => K): Map<K, FlagEvent[]> {
  const groups = new Map<K, FlagEvent[]>();
  for (const e of events) groups.set(key(e), [...(groups.get(key(e)) ?? []), e]);
  return groups;
}

const FILTER_SETS: ReviewFilters[] = [
  {},
  { from: '2026-11-03', to: '2026-11-05' },
  { department: '心血管内科' },
  { prescriber: '2048', from: '2026-11-02' },
  { kind: 'indication' },
  { severity: 'critical', to: '2026-11-04' },
  { decision: 'continued' },
  { type: 'decision', department: '内分泌科' },
];

describe('the local review source: event list', () => {
  it('lists exactly the matching events, newest first, across pages, for every filter', async () => {
    const events = flagLog({ count: 1500, seed: 11, stepMs: 600_000 });
    const db = await logOf(events);
    const source = localReviewSource(db, { timeZone: ZONE, workstationLabel: '本机' });
    const rule = events.find((e) => e.type === 'decision')! as Extract<FlagEvent, { type: 'decision' }>;
    for (const filters of [...FILTER_SETS, { ruleId: rule.finding.ruleId }]) {
      const expected = selected(events, filters).sort(newestFirst).map((e) => e.id);
      expect(expected.length, JSON.stringify(filters)).toBeGreaterThan(0);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await source.listEvents(filters, { ...(cursor ? { cursor } : {}), limit: 97 }, undefined);
        expect(page.events.length).toBeLessThanOrEqual(97);
        seen.push(...page.events.map((l) => l.event.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen, JSON.stringify(filters)).toEqual(expected);
    }
  });

  it('pages through events that share one timestamp without skipping or repeating any', async () => {
    const at = '2026-11-22T02:15:00.000Z';
    const same = flagLog({ count: 23, seed: 3 }).map((e, i) => ({ ...e, id: `tie-${String(i).padStart(4, '0')}`, at }));
    const events = [...same, ...flagLog({ count: 10, seed: 4, start: Date.parse('2026-11-22T03:00:00Z') })];
    const source = localReviewSource(await logOf(events), { timeZone: ZONE, chunkSize: 5 });
    // Time alone pages by the index; a record filter pages by chunked reads: both cut inside the tie.
    for (const filters of [{ to: '2026-11-22' }, { to: '2026-11-22', type: 'finding-shown' }] satisfies ReviewFilters[]) {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await source.listEvents(filters, { ...(cursor ? { cursor } : {}), limit: 4 });
        ids.push(...page.events.map((l) => l.event.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(ids, JSON.stringify(filters)).toEqual(selected(events, filters).sort(newestFirst).map((e) => e.id));
      expect(ids.filter((id) => id.startsWith('tie-')).length).toBeGreaterThan(4);
    }
  });

  it('counts days in the hospital zone: 00:30 Beijing time is that day, not the one before in UTC', async () => {
    const early = { ...flagLog({ count: 1, seed: 5 })[0]!, id: 'early-22nd-0001', at: '2026-11-21T16:30:00.000Z' };
    const late = { ...flagLog({ count: 1, seed: 6 })[0]!, id: 'late-21st-00001', at: '2026-11-21T15:59:59.999Z' };
    const db = await logOf([early, late]);
    const source = localReviewSource(db, { timeZone: ZONE });
    const ids = async (filters: ReviewFilters) => (await source.listEvents(filters, { limit: 10 })).events.map((l) => l.event.id);
    expect(await ids({ from: '2026-11-22', to: '2026-11-22' })).toEqual(['early-22nd-0001']);
    expect(await ids({ to: '2026-11-21' })).toEqual(['late-21st-00001']);
    expect(startOfDay('2026-11-22', ZONE)).toBe('2026-11-21T16:00:00.000Z');
    expect((await source.daily({}, undefined)).map((d) => d.day)).toEqual(['2026-11-21', '2026-11-22']);
  });

  it('has no verdicts: 未复核 is every event, any verdict none, and writing one is refused', async () => {
    const events = flagLog({ count: 30, seed: 8 });
    const source = localReviewSource(await logOf(events), { timeZone: ZONE });
    expect(source.capabilities).toEqual(LOCAL_CAPABILITIES);
    expect(source.capabilities.writeVerdicts || source.capabilities.writeReports || source.capabilities.verdicts).toBe(false);
    expect((await source.listEvents({ verdict: 'none' }, { limit: 100 })).events).toHaveLength(30);
    expect((await source.listEvents({ verdict: '误报' }, { limit: 100 })).events).toHaveLength(0);
    expect(await source.verdictCounts({})).toEqual([]);
    expect(await source.ruleReports({})).toEqual([]);
    await expect(source.recordVerdict(events[0]!.id, { verdict: '误报' })).rejects.toBeInstanceOf(ReviewSourceError);
  });

  it('refuses a cursor it did not issue', async () => {
    const source = localReviewSource(await logOf(flagLog({ count: 3 })), { timeZone: ZONE });
    await expect(source.listEvents({}, { cursor: 'not-json', limit: 10 })).rejects.toMatchObject({ kind: 'invalid' });
  });
});

describe('the local review source: detail', () => {
  it('shows one record as stored, without the log’s upload mark, and says when it is missing', async () => {
    const events = flagLog({ count: 12, seed: 9 });
    const db = await logOf(events);
    await markUploaded(db, [(await db.events.get(events[2]!.id))!], 1_700_000_000_000);
    const source = localReviewSource(db, { timeZone: ZONE, workstationLabel: '本机' });
    const detail = await source.eventDetail(events[2]!.id);
    expect(detail.event).toEqual(events[2]);
    expect('uploadedAt' in detail.event).toBe(false);
    expect(detail.workstation).toEqual({ id: 'local', label: '本机' });
    expect(detail.verdict).toBeNull();
    expect(detail.history).toEqual([]);
    // A patient is only ever a salted digest in the log.
    const withPatient = events.find((e) => e.context?.patientKey)!;
    expect((await source.eventDetail(withPatient.id)).event.context!.patientKey).toMatch(/^[0-9a-f]{64}$/);
    await expect(source.eventDetail('ev-nope-00000000')).rejects.toMatchObject({ kind: 'not-found' });
  });
});

describe('the local review source: statistics equal a brute-force count', () => {
  it.each(FILTER_SETS.map((f) => [JSON.stringify(f), f] as const))('%s', async (_name, filters) => {
    const events = flagLog({ count: 1200, seed: 21, stepMs: 600_000 });
    const source = localReviewSource(await logOf(events), { timeZone: ZONE, chunkSize: 250 });
    const hits = selected(events, filters);
    const findingEvents = hits.filter((e) => e.type === 'finding-shown' || e.type === 'decision');

    const summary = await source.summary(filters);
    expect(summary.total).toBe(hits.length);
    expect(summary.byType).toEqual(Object.fromEntries([...groupBy(hits, (e) => e.type)].map(([type, g]) => [type, g.length])));

    const daily = await source.daily(filters);
    const days = [...groupBy(hits, (e) => dayOf(new Date(e.at), ZONE))].sort(([a], [b]) => (a < b ? -1 : 1));
    expect(daily).toEqual(days.map(([day, g]) => ({ day, shown: g.filter((e) => e.type === 'finding-shown').length, ...counts(g) })));

    const rules = [...groupBy(findingEvents, (e) => keyOf(e, 'rule')!)].map(([ruleId, g]) => {
      const shown = g.filter((e) => e.type === 'finding-shown');
      return {
        ruleId,
        kind: (g[0] as Extract<FlagEvent, { type: 'decision' }>).finding.kind,
        shown: shown.length,
        ...counts(g),
        amountAtRisk: shown.reduce((sum, e) => sum + ((e as Extract<FlagEvent, { type: 'finding-shown' }>).finding.amountAtRisk ?? 0), 0),
      };
    });
    rules.sort((a, b) => b.shown - a.shown || b.decisions - a.decisions || (a.ruleId < b.ruleId ? -1 : 1));
    const top = await source.topRules(filters, 10);
    expect(top.map(({ amountAtRisk, ...r }) => r)).toEqual(rules.slice(0, 10).map(({ amountAtRisk, ...r }) => r));
    top.forEach((r, i) => expect(r.amountAtRisk).toBeCloseTo(rules[i]!.amountAtRisk, 6));

    for (const dimension of ['rule', 'department', 'prescriber', 'workstation'] as const) {
      const expected = [...groupBy(findingEvents, (e) => keyOf(e, dimension))]
        .map(([key, g]) => ({ key, ...counts(g) }))
        .filter((r) => r.decisions > 0)
        .sort((a, b) => b.decisions - a.decisions || (a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : 1))
        .slice(0, 20)
        .map((r) => ({ ...r, overrideRate: r.continued / r.decisions }));
      expect(await source.overrides(dimension, filters, 20), dimension).toEqual(expected);
    }

    const continued = hits.filter((e) => isDecision(e, 'continued')) as Extract<FlagEvent, { type: 'decision' }>[];
    const reasons = [...groupBy(continued, (e) => (e as Extract<FlagEvent, { type: 'decision' }>).decision.reasonCode ?? null)]
      .map(([reasonCode, g]) => ({ reasonCode, count: g.length }))
      .sort((a, b) => b.count - a.count || (a.reasonCode === null ? 1 : b.reasonCode === null ? -1 : a.reasonCode < b.reasonCode ? -1 : 1));
    expect(await source.overrideReasons(filters, 10)).toEqual(reasons);
  });

  it('groups by every department and doctor the pages named, and the ones that named none', async () => {
    const events = flagLog({ count: 800, seed: 2 });
    const source = localReviewSource(await logOf(events), { timeZone: ZONE });
    const departments = (await source.overrides('department', {}, 50)).map((r) => r.key);
    expect(new Set(departments)).toEqual(new Set([...DEPARTMENTS, null]));
    const prescribers = (await source.overrides('prescriber', {}, 50)).map((r) => r.key);
    expect(new Set(prescribers)).toEqual(new Set([...PRESCRIBERS, null]));
  });

  it('counts a record stored after the first count (the log changed, the figures follow)', async () => {
    const events = flagLog({ count: 50, seed: 13 });
    const db = await logOf(events.slice(0, 40));
    const source = localReviewSource(db, { timeZone: ZONE });
    expect((await source.summary({})).total).toBe(40);
    await storeFlagEvents(db, events.slice(40));
    expect((await source.summary({})).total).toBe(50);
  });

  it('stops waiting when the view cancels', async () => {
    const source = localReviewSource(await logOf(flagLog({ count: 20 })), { timeZone: ZONE });
    const controller = new AbortController();
    const pending = source.summary({}, controller.signal);
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(isCancelled(error)).toBe(true);
    // The shared count finishes for whoever still wants it.
    expect((await source.summary({})).total).toBe(20);
  });
});

describe('reading the log in chunks', () => {
  it('visits every record once when a chunk ends inside a run of equal timestamps', async () => {
    const at = '2026-11-10T08:00:00.000Z';
    const events = flagLog({ count: 40, seed: 17 }).map((e, i) => (i >= 5 && i < 25 ? { ...e, at } : e));
    const db = await logOf(events);
    const visited: string[] = [];
    await scanFlagLog(db, {}, (r) => visited.push(r.id), undefined, 3);
    expect(visited.sort()).toEqual(events.map((e) => e.id).sort());
  });
});

describe('exports over the local log', () => {
  it('writes the same CSV as the hub view: every filtered event, one row each', async () => {
    const events = flagLog({ count: 700, seed: 31 });
    const source = localReviewSource(await logOf(events), { timeZone: ZONE, workstationLabel: '本机' });
    const filters: ReviewFilters = { department: '呼吸内科' };
    const { events: listed, capped } = await collectEvents(source, filters, new AbortController().signal, () => {});
    expect(capped).toBe(false);
    expect(listed.map((l) => l.event.id)).toEqual(selected(events, filters).sort(newestFirst).map((e) => e.id));
    const csv = toCsv(exportTable(listed, ZONE));
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(listed.length + 1);
    expect(lines[0]).toContain('"规则名称","规则编号"');
    expect(lines.slice(1).every((line) => line.includes('"呼吸内科"') && line.includes('"本机"'))).toBe(true);
  });
});

describe('speed over a full log', () => {
  it('counts 50 000 records for the overview and lists a narrow filter', async () => {
    const events = flagLog({ count: 50_000, seed: 99, stepMs: 25_000 });
    const db = openDb();
    await storeFlagEvents(db, events);
    expect(await db.events.count()).toBe(50_000);
    const source = localReviewSource(db, { timeZone: ZONE });

    let started = performance.now();
    const [summary, daily, top, reasons, byRule] = await Promise.all([
      source.summary({}),
      source.daily({}),
      source.topRules({}, 10),
      source.overrideReasons({}, 10),
      source.overrides('rule', {}, 10),
    ]);
    const overviewMs = performance.now() - started;
    expect(summary.total).toBe(50_000);
    expect(daily.reduce((sum, d) => sum + d.shown, 0)).toBe(summary.byType['finding-shown']);
    expect(top).toHaveLength(10);
    expect(reasons.length).toBeGreaterThan(0);
    expect(byRule).toHaveLength(10);

    started = performance.now();
    const filtered = await source.summary({ department: '内分泌科', from: '2026-11-05', to: '2026-11-15' });
    const filteredMs = performance.now() - started;
    expect(filtered.total).toBe(selected(events, { department: '内分泌科', from: '2026-11-05', to: '2026-11-15' }).length);

    started = performance.now();
    const page = await source.listEvents({ prescriber: '4096', decision: 'ignored' }, { limit: 100 });
    const listMs = performance.now() - started;
    expect(page.events.every((l) => l.event.type === 'decision' && l.event.context?.prescriberId === '4096')).toBe(true);

    console.log(
      `local review over 50 000 records (fake-indexeddb in Node): overview (5 statistics, one scan) ${overviewMs.toFixed(0)} ms; ` +
        `department + 11 days ${filteredMs.toFixed(0)} ms; first page of a narrow list filter ${listMs.toFixed(0)} ms`,
    );
    // Generous bounds: fake-indexeddb is many times slower than Chrome's IndexedDB.
    expect(overviewMs).toBeLessThan(20_000);
  }, 180_000);
});
