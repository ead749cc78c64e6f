import type { FieldLocator } from '../../adapters/profile-schema';

/** A locator in a few words for the panel: "#clinicNo", "「年龄」旁", "列「单位」(2)", "固定值 3". */
export function locatorText(locator: FieldLocator | undefined): string {
  if (!locator) return '';
  if ('value' in locator) return `固定值 ${String(locator.value)}`;
  if ('column' in locator) {
    const names = Array.isArray(locator.column) ? locator.column.join('/') : locator.column;
    return `列「${names}」${locator.nth && locator.nth > 1 ? `(第${locator.nth}个)` : ''}${locator.css ? ` ${locator.css}` : ''}`;
  }
  if ('label' in locator) {
    const names = Array.isArray(locator.label) ? locator.label.join('/') : locator.label;
    return `「${names}」旁${locator.within ? `（${locator.within} 内）` : ''}`;
  }
  if ('css' in locator) return locator.css;
  return `属性 ${locator.attr}`;
}
