import { t } from './i18n';

/** The name a line is shown under: the drug or item name the lead read from the page, else its number. */
export function lineDisplayName(lineId: string | undefined, lineNames: Readonly<Record<string, string>> | undefined): string {
  if (lineId === undefined) return t('panel.orderLevel');
  return lineNames?.[lineId]?.trim() || t('panel.line', { id: lineId });
}
