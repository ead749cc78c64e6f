import { encodeOrderKey } from '../../../contract/review/orders';
import { describe, expect, it } from 'vitest';
import { activeFilterCount, eventListParams, filtersFromQuery, filtersToQuery, statsParams, withFilter, type ReviewFilters } from '../../../contract/review/review-filters';
import { addDays, dayOf, formatInstant, isDay, startOfDay } from '../../../contract/review/zoned-time';
import { EventListQuerySchema } from '../../../contract/review/events';
import { StatsQuerySchema } from '../../../contract/review/stats';
import { routeFromSearch, searchFromRoute } from '../../../hub/dashboard/url-state';
import { realRules } from '../../hub/support/events';

const rule = realRules()[0]!;

describe('filters in the query string', () => {
  const full: ReviewFilters = {
    from: '2026-11-01',
    to: '2026-11-22',
    department: '心血管内科',
    prescriber: 'D0012',
    ruleId: rule.id,
    kind: rule.kind,
    severity: 'critical',
    decision: 'continued',
    type: 'decision',
    workstation: 'a1b2c3d4e5f60718',
    source: 'his-3101',
    verdict: '误报',
  };

  it('round-trips every filter, Chinese included', () => {
    const query = filtersToQuery(full).toString();
    expect(query).toContain('department=%E5%BF%83');
    expect(filtersFromQuery(query)).toEqual(full);
    expect(filtersFromQuery(`?${query}`)).toEqual(full);
  });

  it('every filter the hub API takes is one the review can set (source included)', () => {
    expect(Object.keys(full).sort()).toEqual(Object.keys(filtersFromQuery(filtersToQuery(full).toString())).sort());
    expect(EventListQuerySchema.parse(eventListParams(full, 'Asia/Shanghai'))).toMatchObject({ source: 'his-3101' });
    expect(StatsQuerySchema.parse(statsParams(full, 'Asia/Shanghai'))).toMatchObject({ source: 'his-3101' });
  });

  it('leaves empty filters out and keeps other parameters', () => {
    const params = new URLSearchParams('view=events&department=old');
    filtersToQuery({ ruleId: rule.id }, params);
    expect([...params.keys()]).toEqual(['view', 'ruleId']);
  });

  it('drops a bad value and keeps the rest of an edited link', () => {
    const parsed = filtersFromQuery('from=2026-02-30&to=2026-11-22&kind=made-up&severity=warning&verdict=违规&decision=continued&department=%20%20');
    expect(parsed).toEqual({ to: '2026-11-22', severity: 'warning', decision: 'continued' });
    expect(filtersFromQuery('verdict=none')).toEqual({ verdict: 'none' });
    expect(filtersFromQuery(`ruleId=${'x'.repeat(201)}`)).toEqual({});
  });

  it('swaps a range given backwards', () => {
    expect(filtersFromQuery('from=2026-11-22&to=2026-11-01')).toEqual({ from: '2026-11-01', to: '2026-11-22' });
  });

  it('sets and clears single filters and counts the active ones', () => {
    const one = withFilter({}, 'department', '儿科');
    expect(one).toEqual({ department: '儿科' });
    expect(withFilter(one, 'department', '')).toEqual({});
    expect(activeFilterCount(full)).toBe(12);
  });
});

describe('filters for the hub', () => {
  it('turns hospital days into instants: from the start of `from` to the start of the day after `to`', () => {
    const params = eventListParams({ from: '2026-11-01', to: '2026-11-22', verdict: 'none', department: '儿科' }, 'Asia/Shanghai');
    expect(params).toEqual({ from: '2026-10-31T16:00:00.000Z', to: '2026-11-22T16:00:00.000Z', verdict: 'none', department: '儿科' });
    // What the hub accepts, checked with its own schemas.
    expect(EventListQuerySchema.safeParse(params).success).toBe(true);
  });

  it('leaves the verdict out of statistics, which do not count by it', () => {
    const params = statsParams({ from: '2026-11-01', verdict: '误报', kind: 'age' }, 'Asia/Shanghai');
    expect(params).toEqual({ from: '2026-10-31T16:00:00.000Z', kind: 'age' });
    expect(StatsQuerySchema.safeParse(params).success).toBe(true);
  });
});

describe('hospital calendar days', () => {
  it('validates real days only', () => {
    expect(['2026-11-01', '2024-02-29'].map(isDay)).toEqual([true, true]);
    expect(['2026-02-29', '2026-13-01', '2026-1-01', '20261101', ''].map(isDay)).toEqual([false, false, false, false, false]);
  });

  it('finds midnight across a daylight-saving change', () => {
    expect(startOfDay('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDay('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
    expect(startOfDay('2026-11-22', 'UTC')).toBe('2026-11-22T00:00:00.000Z');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('formats instants as the hospital reads them', () => {
    expect(formatInstant('2026-11-21T16:30:05.000Z', 'Asia/Shanghai')).toBe('2026-11-22 00:30:05');
    expect(dayOf(new Date('2026-11-21T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-11-21');
    expect(dayOf(new Date('2026-11-21T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-22');
    expect(formatInstant('not a time', 'Asia/Shanghai')).toBe('not a time');
  });
});

describe('dashboard links', () => {
  it('carry view, filters and the open event, never anything else', () => {
    const search = searchFromRoute({ view: 'events', filters: { department: '儿科', verdict: 'none' }, eventId: 'evt-00000001', orderKey: undefined });
    expect(search).toBe('?view=events&department=%E5%84%BF%E7%A7%91&verdict=none&event=evt-00000001');
    expect(routeFromSearch(search)).toEqual({ view: 'events', filters: { department: '儿科', verdict: 'none' }, eventId: 'evt-00000001', orderKey: undefined });
    expect(searchFromRoute({ view: undefined, filters: {}, eventId: undefined, orderKey: undefined })).toBe('');
  });

  it('carry the open prescription by its key', () => {
    const orderKey = encodeOrderKey(['a1b2c3d4e5f60718', 'RX-2026-001', 'f'.repeat(64)]);
    const search = searchFromRoute({ view: 'orders', filters: { from: '2026-11-01' }, eventId: undefined, orderKey });
    expect(routeFromSearch(search)).toEqual({ view: 'orders', filters: { from: '2026-11-01' }, eventId: undefined, orderKey });
    // Anything that is not a key of ours is dropped, the rest of the link kept.
    expect(routeFromSearch('?view=orders&order=%5B1%2C2%5D').orderKey).toBeUndefined();
    expect(routeFromSearch('?view=orders&order=%5B1%2C2%5D').view).toBe('orders');
  });

  it('ignore unknown views and odd event ids', () => {
    expect(routeFromSearch('?view=admin&event=x').view).toBeUndefined();
    expect(routeFromSearch('?event=short').eventId).toBeUndefined();
    expect(routeFromSearch('?event=has%20space%20inside').eventId).toBeUndefined();
  });
});
