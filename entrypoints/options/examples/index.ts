import type { ExampleSeed } from '../../../rules/store/examples';
import sexApalutamide from './sex-apalutamide-woman.json';
import indicationAllisartan from './indication-allisartan-pneumonia.json';
import quantityOutpatient from './quantity-outpatient-8-days.json';
import duplicatePpi from './duplicate-drug-ppi-class.json';
import courseButylphthalide from './course-butylphthalide-discharge-over.json';
import cleanBph from './clean-bph-visit.json';
import herbHaizaoGancao from './herb-eighteen-haizao-gancao.json';
import diagnosisSexMan from './diagnosis-sex-pregnancy-supervision-man.json';
import drugCountSeven from './drug-count-outpatient-seven-drugs.json';
import herbOversizeDoses from './herb-oversize-outpatient-fourteen-doses.json';
import antibioticGemifloxacin from './antibiotic-level-gemifloxacin-resident-doctor.json';
import consumableCannula from './consumable-quantity-cannula-three-a-day.json';
import consumableInfusionSet from './consumable-item-infusion-set-alone.json';
import interactionTadalafil from './drug-interaction-tadalafil-riociguat.json';
import indicationListHba1c from './indication-list-hba1c-upper-respiratory.json';
import indicationListDydrogesterone from './indication-list-dydrogesterone-upper-respiratory.json';
import request3101 from './nhsa3101-request.json';

/**
 * Built-in 试算 examples, copied from the golden orders (tests/golden/orders, realistic orders
 * with the findings a 医保 reviewer expects) and the 3101 request fixture of the interop tests.
 */

const titled = [
  ['golden-sex-apalutamide-woman', sexApalutamide],
  ['golden-indication-allisartan-pneumonia', indicationAllisartan],
  ['golden-quantity-outpatient-8-days', quantityOutpatient],
  ['golden-duplicate-drug-ppi-class', duplicatePpi],
  ['golden-course-butylphthalide-discharge-over', courseButylphthalide],
  ['golden-clean-bph-visit', cleanBph],
  ['golden-herb-eighteen-haizao-gancao', herbHaizaoGancao],
  ['golden-diagnosis-sex-pregnancy-supervision-man', diagnosisSexMan],
  ['golden-drug-count-outpatient-seven-drugs', drugCountSeven],
  ['golden-herb-oversize-outpatient-fourteen-doses', herbOversizeDoses],
  ['golden-antibiotic-level-gemifloxacin-resident-doctor', antibioticGemifloxacin],
  ['golden-consumable-quantity-cannula-three-a-day', consumableCannula],
  ['golden-consumable-item-infusion-set-alone', consumableInfusionSet],
  ['golden-drug-interaction-tadalafil-riociguat', interactionTadalafil],
  ['golden-indication-list-hba1c-upper-respiratory', indicationListHba1c],
  ['golden-indication-list-dydrogesterone-upper-respiratory', indicationListDydrogesterone],
] as const;

export const BUILTIN_EXAMPLES: readonly ExampleSeed[] = [
  ...titled.map(([id, example]) => ({ id, name: example.title, input: JSON.stringify(example.order, null, 2) })),
  { id: 'nhsa3101-request', name: '3101 入参：两名患者（泌尿外科 比卡鲁胺片、尿妊娠试验；妇产科 益母草）', input: JSON.stringify(request3101, null, 2) },
];
