import type { ReviewDataSource } from '../../../contract/review/data-source';

/**
 * A review data source for view tests: every capability on, no names, and every call the test
 * does not override refused with "not used", so a view reaching for data it should not is seen.
 */
export function stubSource(overrides: Partial<ReviewDataSource> = {}): ReviewDataSource {
  const never = () => Promise.reject(new Error('not used'));
  return {
    capabilities: { readEvents: true, readStats: true, writeVerdicts: true, writeReports: true, readReports: true },
    timeZone: 'Asia/Shanghai',
    listEvents: never,
    eventDetail: never,
    listOrders: never,
    orderDetail: never,
    names: async () => ({ rules: {}, prescribers: {}, workstations: {} }),
    summary: never,
    daily: never,
    topRules: never,
    overrides: never,
    overrideReasons: never,
    verdictCounts: never,
    ruleReports: never,
    recordVerdict: never,
    reportRule: never,
    ...overrides,
  };
}
