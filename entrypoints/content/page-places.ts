import { readTableHeader, type SiteProfile } from '../../adapters';
import { cellAt, columnIndex, controlIn, locate, safeQuery, safeQueryAll, type ColumnMap } from '../../adapters/locate';
import type { FieldLocator } from '../../adapters/profile-schema';
import { fieldOf, type FieldTarget } from '../../components/finding-field';
import { t } from '../../components/i18n';
import type { Finding } from '../../contract/findings';
import type { Order } from '../../contract/order';

/**
 * Where a finding is on the page: the row as the page numbers it (序号 from its own column, else
 * 第 N 行, with 组号 when that says something more), and the element of the field concerned, for
 * the overlay to outline. Only reads the DOM; every failure is "no place", never an error.
 */

const SEQ_HEADERS = ['序号', '行号', 'No.', 'No', '#'];

function headerOf(table: Element | null, profile: SiteProfile): ColumnMap | undefined {
  if (!table) return undefined;
  try {
    return readTableHeader(table, profile).columns;
  } catch {
    return undefined;
  }
}

/** Line id → "序号 2" / "第 2 行" (· 组号 1 when the group differs from the number). */
export function rowLabels(
  rows: ReadonlyMap<string, Element>,
  table: Element | null,
  order: Order | null,
  profile: SiteProfile,
): Record<string, string> {
  const labels: Record<string, string> = {};
  const columns = headerOf(table, profile);
  const seqColumn = columns ? columnIndex(columns, SEQ_HEADERS) : undefined;
  const groups = new Map(order?.lines.map((line) => [line.id, line.group?.trim()]) ?? []);
  let n = 0;
  for (const [lineId, row] of rows) {
    n += 1;
    const seqText = seqColumn === undefined ? '' : (cellAt(row, seqColumn)?.textContent ?? '').trim();
    const seq = /^\d{1,4}$/.test(seqText) ? seqText : '';
    const base = seq ? t('row.seq', { seq }) : t('row.nth', { n });
    const group = groups.get(lineId);
    const sameAsNumber = group === (seq || String(n));
    labels[lineId] = group && !sameAsNumber && group.length <= 12 ? `${base} · ${t('row.group', { group })}` : base;
  }
  return labels;
}

export interface PlaceContext {
  document: Document;
  profile: SiteProfile;
  rows: ReadonlyMap<string, Element>;
  table: Element | null;
}

function located(locator: FieldLocator | undefined, scope: ParentNode, columns?: ColumnMap): Element | undefined {
  if (!locator) return undefined;
  const found = locate(locator, { scope, columns });
  return found.ok && found.value?.kind === 'element' ? found.value.element : undefined;
}

/** A label locator finds the value's element; a cell holding a control is outlined as the control. */
function visible(element: Element | undefined): Element | undefined {
  if (!element?.isConnected) return undefined;
  const control = element.tagName === 'TD' || element.tagName === 'TH' ? controlIn(element) : undefined;
  const target = control ?? element;
  const rect = target.getBoundingClientRect();
  return rect.width === 0 && rect.height === 0 ? undefined : target;
}

/** The page's element for the target: a cell of the row, a patient or visit field, the diagnoses. */
export function targetElement(target: FieldTarget, lineId: string | undefined, ctx: PlaceContext): Element | undefined {
  const { profile, document } = ctx;
  switch (target.scope) {
    case 'line': {
      const row = lineId === undefined ? undefined : ctx.rows.get(lineId);
      if (!row) return undefined;
      return visible(located(profile.orders.fields[target.field], row, headerOf(ctx.table, profile))) ?? visible(row);
    }
    case 'patient':
      return visible(located(profile.patient[target.field], document));
    case 'encounter':
      return visible(located(profile.encounter[target.field], document));
    case 'diagnoses': {
      const diagnoses = profile.diagnoses;
      if (!diagnoses) return undefined;
      if (diagnoses.within) {
        const within = safeQuery(document, diagnoses.within);
        if (within.ok && within.value) return visible(within.value);
      }
      if (diagnoses.list) return visible(located(diagnoses.list, document));
      const first = diagnoses.rows ? safeQuery(document, diagnoses.rows) : undefined;
      return first?.ok && first.value ? visible(first.value.parentElement ?? first.value) : undefined;
    }
  }
}

/** The element to outline for a finding; the row itself when the field is not on the page. */
export function findingElement(finding: Finding, ctx: PlaceContext): Element | undefined {
  const target = fieldOf(finding);
  const row = finding.lineId === undefined ? undefined : ctx.rows.get(finding.lineId);
  try {
    return (target && targetElement(target, finding.lineId, ctx)) ?? visible(row);
  } catch {
    return undefined;
  }
}

/**
 * Where 补录诊断 takes the doctor: the profile's diagnosis entry control when it names one, else
 * the first control inside the diagnoses area, else the area itself (scrolled to and outlined).
 */
export function diagnosisEntry(ctx: Pick<PlaceContext, 'document' | 'profile'>): Element | undefined {
  const diagnoses = ctx.profile.diagnoses;
  if (!diagnoses) return undefined;
  const area = diagnoses.within ? safeQuery(ctx.document, diagnoses.within) : undefined;
  const scope = area?.ok && area.value ? area.value : undefined;
  if (!scope) return undefined;
  const control = scope.querySelector('input:not([type=hidden]):not([disabled]), textarea:not([disabled]), select:not([disabled])');
  return control ?? scope;
}

/** The page's submit controls (the profile's buttons), which nothing of ours may cover. */
export function submitControls(document: Document, profile: SiteProfile): Element[] {
  const found: Element[] = [];
  for (const selector of profile.submit.controls) {
    const all = safeQueryAll(document, selector);
    if (all.ok) found.push(...all.value.slice(0, 5));
    if (found.length >= 10) break;
  }
  return found;
}
