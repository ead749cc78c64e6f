import type { RuleKind } from '../../contract/findings';
import { drug, ITEMS } from './catalogue';
import { daysBefore, lineById, setDays, type BuildContext, type Draft } from './draft';

/**
 * Planted violations: one real, known 医保 problem put into an otherwise clean order, the kind of
 * slip a 医保办 reviewer finds on a normal day. Each names the one line a finding of its kind must
 * land on; nothing else in the order changes in a way another rule could object to (a dropped
 * chronic diagnosis also drops the 长期处方, for instance), so the expected finding is the only
 * new one.
 */
export interface Plant {
  readonly kind: RuleKind;
  readonly scenario: string;
  /** What was done, for the reviewer of the mix and the bench's recall table. */
  readonly what: string;
  /** Changes the draft and returns the id of the line that now breaks a rule. */
  apply(draft: Draft, ctx: BuildContext): string;
}

function role(draft: Draft, name: string): string {
  const id = draft.roles[name];
  if (id === undefined) throw new Error(`the draft has no ${name} line`);
  return id;
}

/** An ordinary prescription instead of a 长期处方: without the chronic diagnosis there is none. */
function noLongTerm(draft: Draft, id: string, days: number): void {
  delete draft.longTermPrescription;
  setDays(draft, id, days);
}

export const PLANTS: readonly Plant[] = [
  {
    kind: 'sex',
    scenario: 'bph',
    what: '性别误录为女：前列腺液常规检查（限男性）',
    apply(d) {
      d.sex = 'F';
      return d.roles.prostaticFluid ?? d.lines.item(ITEMS.prostaticFluid);
    },
  },
  {
    kind: 'sex',
    scenario: 'dysmenorrhoea',
    what: '性别误录为男：地屈孕酮片（限女性）',
    apply(d) {
      d.sex = 'M';
      return role(d, 'dydrogesterone');
    },
  },
  {
    kind: 'sex',
    scenario: 'erectile-dysfunction',
    what: '性别误录为女：他达拉非片（限男性）',
    apply(d) {
      d.sex = 'F';
      return role(d, 'tadalafil');
    },
  },
  {
    kind: 'age',
    scenario: 'diabetes',
    what: '16 岁 2型糖尿病：脯氨酸恒格列净片（限成人）',
    apply(d) {
      d.ageYears = 16;
      d.insuranceType = 'resident';
      return role(d, 'sglt2');
    },
  },
  {
    kind: 'age',
    scenario: 'adult-uri',
    what: '成人开具小儿对乙酰氨基酚片（儿童专用）',
    apply(d) {
      return d.lines.drug(drug('小儿对乙酰氨基酚片'), { dose: 0.3, days: 3 });
    },
  },
  {
    kind: 'indication',
    scenario: 'bph',
    what: '雄激素性脱发开具非那雄胺片（限前列腺增生）',
    apply(d) {
      d.department = '皮肤科';
      d.diagnosisCodes = ['L64.900'];
      const id = role(d, 'finasteride');
      noLongTerm(d, id, 7);
      return id;
    },
  },
  {
    kind: 'indication',
    scenario: 'reflux',
    what: '急性胃炎开具富马酸伏诺拉生片（限反流性食管炎、幽门螺杆菌根除）',
    apply(d) {
      d.diagnosisCodes = ['K29.100x001'];
      return role(d, 'ppi');
    },
  },
  {
    kind: 'indication',
    scenario: 'ibs-c',
    what: '功能性便秘开具利那洛肽胶囊（限便秘型肠易激综合征）',
    apply(d) {
      d.diagnosisCodes = ['K59.000'];
      return role(d, 'linaclotide');
    },
  },
  {
    kind: 'quantity',
    scenario: 'reflux',
    what: '反流性食管炎 伏诺拉生 14 天（门诊 7 日，无慢性病诊断）',
    apply(d) {
      const id = role(d, 'ppi');
      setDays(d, id, 14);
      return id;
    },
  },
  {
    kind: 'quantity',
    scenario: 'adult-uri',
    what: '上呼吸道感染 氨溴索 10 天（门诊 7 日）',
    apply(d) {
      const id = role(d, 'mucolytic');
      setDays(d, id, 10);
      return id;
    },
  },
  {
    kind: 'quantity',
    scenario: 'knee-oa',
    what: '膝关节病 布洛芬缓释胶囊 14 天（门诊 7 日，膝关节病不在慢性病用药范围）',
    apply(d) {
      const id = role(d, 'nsaid');
      setDays(d, id, 14);
      return id;
    },
  },
  {
    kind: 'quantity',
    scenario: 'emergency-gastro',
    what: '急诊 奥美拉唑 5 天（急诊 3 日）',
    apply(d) {
      const id = role(d, 'ppi');
      setDays(d, id, 5);
      return id;
    },
  },
  {
    kind: 'visit-type',
    scenario: 'cancer-pain',
    what: '互联网复诊开具麻醉药品（不得在互联网诊疗中开具）',
    apply(d) {
      d.internet = true;
      return role(d, 'opioid');
    },
  },
  {
    kind: 'visit-type',
    scenario: 'ward-cirrhosis',
    what: '门诊输液 复方氨基酸注射液(20AA)（限住院）',
    apply(d) {
      d.visitType = 'outpatient';
      d.lines.lines.length = 0;
      return d.lines.drug(drug('复方氨基酸注射液(20AA)'), { days: 3 });
    },
  },
  {
    kind: 'institution-level',
    scenario: 'htn-community',
    what: '一级社区中心 冠心病 丹参注射液（限二级及以上）',
    apply(d) {
      d.diagnosisCodes = [...d.diagnosisCodes, 'I25.103'];
      return d.lines.drug(drug('丹参注射液'), { days: 7 });
    },
  },
  {
    kind: 'institution-level',
    scenario: 'ward-lung-cancer',
    what: '医联体一级医院住院 康艾注射液（限二级及以上）',
    apply(d) {
      d.institutionLevel = 1;
      return role(d, 'kangai');
    },
  },
  {
    kind: 'insurance-type',
    scenario: 'ward-postpartum',
    what: '居民医保 卡前列素氨丁三醇注射液（生育保险目录用药）',
    apply(d) {
      d.insuranceType = 'resident';
      return role(d, 'carboprost');
    },
  },
  {
    kind: 'insurance-type',
    scenario: 'ward-postpartum',
    what: '居民医保 卡前列素氨丁三醇注射液（生育保险目录用药）',
    apply(d) {
      d.insuranceType = 'resident';
      return role(d, 'carboprost');
    },
  },
  {
    kind: 'duplicate-charge',
    scenario: 'emergency-chest-pain',
    what: '急诊监护费 同日另收急诊诊查费（监护费已含诊查）',
    apply(d) {
      return d.lines.item(ITEMS.emergencyConsultation);
    },
  },
  {
    kind: 'duplicate-charge',
    scenario: 'emergency-chest-pain',
    what: '急诊监护费 同日另收急诊诊查费（监护费已含诊查）',
    apply(d) {
      return d.lines.item(ITEMS.emergencyConsultation);
    },
  },
  {
    kind: 'duplicate-drug',
    scenario: 'reflux',
    what: '伏诺拉生 另开奥美拉唑碳酸氢钠干混悬剂（两种质子泵抑制剂同用）',
    apply(d) {
      return d.lines.drug(drug('奥美拉唑碳酸氢钠干混悬剂(Ⅰ)'), { days: 7 });
    },
  },
  {
    kind: 'duplicate-drug',
    scenario: 'vaginitis',
    what: '甲硝唑阴道泡腾片 另开甲硝唑阴道凝胶（同一成分）',
    apply(d) {
      return d.lines.drug(drug('甲硝唑阴道凝胶'), { days: 7 });
    },
  },
  {
    kind: 'frequency',
    scenario: 'diabetes',
    what: '糖化血红蛋白测定 10 天前已测（15 天限 1 次）',
    apply(d, ctx) {
      const id = d.roles.hba1c ?? d.lines.item(ITEMS.hba1c);
      d.history = d.history.filter((h) => h.code !== ITEMS.hba1c.code);
      d.history.push({ date: daysBefore(ctx.date, 10), code: ITEMS.hba1c.code, quantity: 1, unit: '次', visitType: 'outpatient' });
      return id;
    },
  },
  {
    kind: 'frequency',
    scenario: 'ward-pneumonia',
    what: '住院诊查费 同日计 2 次（每日限 1 次）',
    apply(d) {
      const id = role(d, 'consultation');
      lineById(d, id).quantity = 2;
      return id;
    },
  },
  {
    kind: 'course',
    scenario: 'discharge-stroke',
    what: '丁苯酞软胶囊 住院已用 14 天 + 出院带药 10 天（支付不超过 20 天）',
    apply(d, ctx) {
      const id = role(d, 'butylphthalide');
      setDays(d, id, 10);
      const code = lineById(d, id).code;
      d.history = d.history.filter((h) => h.code !== code);
      d.history.push({ date: daysBefore(ctx.date, 14), code, days: 14, visitType: 'inpatient' });
      return id;
    },
  },
  {
    kind: 'course',
    scenario: 'ward-deafness',
    what: '葛根素注射液 既往 10 天 + 本次 7 天（支付不超过 14 天）',
    apply(d, ctx) {
      const id = role(d, 'puerarin');
      setDays(d, id, 7);
      const line = lineById(d, id);
      d.history.push({ date: daysBefore(ctx.date, 12), code: line.code, days: 10, quantity: 40, unit: '支', visitType: 'inpatient' });
      return id;
    },
  },
];
