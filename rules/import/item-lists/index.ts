import type { DrugList } from '../drug-lists/index';
import { readItemContraindicationRow, readItemIndicationRow } from './rows';
import { ITEM_CONTRAINDICATION_LIST, ITEM_INDICATION_LIST } from './templates';

/**
 * The hospital's 诊疗项目 lists (templates.ts), read the way the drug lists are (drug-lists/index.ts
 * takes them into its registry for the importers and the template files).
 */

const list = <C extends string>(l: DrugList<C>): DrugList => l as unknown as DrugList;

export const ITEM_LISTS: readonly DrugList[] = [
  list({ template: ITEM_INDICATION_LIST, importer: 'item-indications', keys: ['codes', 'prefixes'], nameColumn: 'name', readRow: readItemIndicationRow }),
  list({ template: ITEM_CONTRAINDICATION_LIST, importer: 'item-contraindications', keys: ['codes', 'prefixes'], nameColumn: 'name', readRow: readItemContraindicationRow }),
];

export { ITEM_CONTRAINDICATION_LIST, ITEM_INDICATION_LIST } from './templates';
