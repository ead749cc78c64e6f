import type { PageField, SiteProfile } from '../../adapters';

/**
 * What a full read of the page depends on outside the text of the order rows: the row list, the
 * header row (the column map), and the elements page-level fields are read from — a css locator's
 * element, a label locator's `within`, the diagnoses. A text change in the order table that touches
 * none of these (the page's running total in the grid's footer, re-written on every keystroke)
 * cannot change the order, and need not cost a read of every row.
 */

/** Selectors of everything a full read depends on; undefined when some field is looked for anywhere in the document. */
export function fullReadSelectors(profile: SiteProfile): string[] | undefined {
  const selectors = [profile.orders.rows];
  if (profile.orders.headerRow) selectors.push(profile.orders.headerRow);
  const pageFields: (PageField | undefined)[] = [
    profile.orderId,
    ...Object.values(profile.patient),
    ...Object.values(profile.encounter),
    profile.prescriber?.id,
    profile.prescriber?.title,
    profile.prescriber?.antibioticLevel,
    profile.prescriber?.narcoticPrivilege,
  ];
  for (const field of pageFields) {
    // A fixed value, or a field another frame reads and sends (its changes arrive as messages).
    if (!field || 'value' in field || field.frame !== undefined) continue;
    if ('css' in field) selectors.push(field.css);
    // A label without `within` may sit anywhere: then no change can be ruled out.
    else if (field.within) selectors.push(field.within);
    else return undefined;
  }
  if (profile.operations) selectors.push(profile.operations.within ?? profile.operations.rows);
  const diagnoses = profile.diagnoses?.frame === undefined ? profile.diagnoses : undefined;
  if (diagnoses?.within) selectors.push(diagnoses.within);
  else if (diagnoses?.rows) selectors.push(diagnoses.rows);
  else if (diagnoses?.list) {
    // One element holds them all: its own selector when it has one, else it may sit anywhere.
    const list = diagnoses.list;
    const css = 'label' in list ? list.within : 'css' in list && !('column' in list) ? list.css : undefined;
    if (!css) return undefined;
    selectors.push(css);
  }
  return selectors;
}

function touches(node: Node, selectors: readonly string[]): boolean {
  const element = node.nodeType === 1 ? (node as Element) : node.parentElement;
  if (!element) return true;
  return selectors.some((css) => element.closest(css) !== null || element.querySelector(css) !== null);
}

/**
 * Whether a mutation outside the order rows can change what a full read returns. Only text
 * changes can be ruled out, and only outside everything the read depends on: an element added or
 * removed may be a row, the header or a field's element (a detached one no longer matches its
 * selector, so it cannot be told), and an invalid selector counts as yes.
 */
export function affectsFullRead(record: MutationRecord, selectors: readonly string[] | undefined): boolean {
  if (!selectors) return true;
  const isElement = (node: Node) => node.nodeType === 1;
  if (Array.from(record.addedNodes).some(isElement) || Array.from(record.removedNodes).some(isElement)) return true;
  try {
    return touches(record.target, selectors);
  } catch {
    return true; // The reader reports the bad selector as 页面适配失效 on the full read.
  }
}
