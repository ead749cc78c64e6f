import { filtersFromQuery, filtersToQuery, type ReviewFilters } from '../../contract/review/review-filters';
import { decodeOrderKey } from '../../contract/review/orders';

/**
 * Which view, which filters, which event: all in the query string, so a link opens the same
 * view for a colleague (who signs in with their own token: tokens never go into links).
 */

export const VIEWS = ['overview', 'orders', 'events', 'rules', 'appeals', 'report', 'directory', 'publish'] as const;
export type View = (typeof VIEWS)[number];

export interface Route {
  view: View | undefined;
  filters: ReviewFilters;
  eventId: string | undefined;
  /** The prescription open in 处方复核 (its key: workstation, 医嘱编号, patient key). */
  orderKey: string | undefined;
}

const EVENT_ID = /^[\x21-\x7e]{8,64}$/;

export function routeFromSearch(search: string): Route {
  const params = new URLSearchParams(search);
  const view = params.get('view');
  const eventId = params.get('event');
  const orderKey = params.get('order');
  return {
    view: (VIEWS as readonly string[]).includes(view ?? '') ? (view as View) : undefined,
    filters: filtersFromQuery(params),
    eventId: eventId !== null && EVENT_ID.test(eventId) ? eventId : undefined,
    orderKey: orderKey !== null && decodeOrderKey(orderKey) ? orderKey : undefined,
  };
}

export function searchFromRoute(route: Route): string {
  const params = new URLSearchParams();
  if (route.view) params.set('view', route.view);
  filtersToQuery(route.filters, params);
  if (route.eventId) params.set('event', route.eventId);
  if (route.orderKey) params.set('order', route.orderKey);
  const text = params.toString();
  return text ? `?${text}` : '';
}
