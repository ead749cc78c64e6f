import type { InsuranceType, VisitType } from '../../contract/order';
import { drug, ITEMS } from './catalogue';
import { daysBefore, newDraft, type BuildContext, type Draft } from './draft';

/**
 * Clean templates: the orders a 三级 hospital writes all day, each meant to satisfy every payment
 * rule that applies to it (sex, age, diagnosis, visit type, days within the 处方管理办法 limit or
 * the chronic/长期处方 allowance, quantity = dose × frequency × days in whole packages). Some
 * drugs carry conditions no order page shows (基因检测, 一线治疗失败); their confirmation requests
 * are part of a real day and are left in. Weights are orders per ~320.
 */

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly weight: number;
  build(ctx: BuildContext): Draft;
}

type Sex = 'M' | 'F';

interface PatientSpec {
  ages: readonly [number, number];
  sex?: Sex;
  visitType?: VisitType;
  department: string;
  dx: readonly string[];
  level?: 1 | 2 | 3;
  insurance?: InsuranceType;
}

/**
 * Children are insured as residents; adults split about 6:4 between 职工 and 居民 in a city
 * hospital, and a few 门急诊 patients have no 医保 here at all (自费: 异地未备案, uninsured).
 */
function insuranceFor(ctx: BuildContext, ageYears: number, visitType: VisitType): InsuranceType {
  if (ageYears < 18) return 'resident';
  const roll = ctx.rnd.next();
  if (roll < 0.05 && (visitType === 'outpatient' || visitType === 'emergency')) return 'self-pay';
  return roll < 0.62 ? 'employee' : 'resident';
}

function start(ctx: BuildContext, p: PatientSpec): Draft {
  const { rnd } = ctx;
  const ageYears = rnd.int(p.ages[0], p.ages[1]);
  const sex = p.sex ?? (rnd.chance(0.5) ? 'M' : 'F');
  const insuranceType = p.insurance ?? insuranceFor(ctx, ageYears, p.visitType ?? 'outpatient');
  return newDraft({
    sex,
    ageYears,
    visitType: p.visitType ?? 'outpatient',
    department: p.department,
    insuranceType,
    institutionLevel: p.level ?? 3,
    diagnosisCodes: [...p.dx],
  });
}

/**
 * A stable chronic patient's refill, as 三级 hospitals write them: an ordinary week; a 长期处方 of
 * four weeks with its chronic diagnosis on the order; two weeks with the reason for the longer
 * prescription written on it (处方管理办法 第十九条 — the page cannot show the reason, so the
 * engine is expected to ask for it, not to refuse); or, for a certified 门诊慢特病 patient, 30 days.
 */
function refillDays(ctx: BuildContext, draft: Draft, certifiedAs?: string): number {
  const roll = ctx.rnd.next();
  if (roll < 0.3) return 7;
  if (roll < 0.8) {
    draft.longTermPrescription = true;
    return 28;
  }
  if (roll < 0.92 || certifiedAs === undefined) return 14;
  draft.chronicConditions = [certifiedAs];
  return 30;
}

/** The last refill, four weeks ago: what a HIS shows as history for a chronic patient. */
function lastRefill(ctx: BuildContext, draft: Draft, days: number): void {
  for (const line of draft.lines.lines) {
    if (line.kind !== 'drug' || line.quantity === undefined) continue;
    draft.history.push({ date: daysBefore(ctx.date, days), code: line.code, days, quantity: line.quantity, ...(line.unit ? { unit: line.unit } : {}), visitType: 'outpatient' });
  }
}

/** 住院 day: the day's 诊查, 床位 and 护理 charges, once each, and 静脉输液 on a day of drips. */
function wardDay(draft: Draft): void {
  draft.lines.item(ITEMS.inpatientConsultation);
  draft.lines.item(ITEMS.wardBed);
  draft.lines.item(ITEMS.nursingLevel2);
  if (draft.lines.lines.some((l) => l.kind === 'drug' && l.route === '静脉滴注')) draft.lines.item(ITEMS.infusion);
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'htn-refill',
    title: '门诊 高血压 复诊续方',
    weight: 30,
    build(ctx) {
      const dx = ctx.rnd.pick(['I10.x03', 'I10.x04']);
      const d = start(ctx, { ages: [42, 86], department: '心血管内科', dx: [dx] });
      const days = refillDays(ctx, d, '高血压');
      d.roles.refill = d.lines.drug(drug('阿利沙坦酯片'), { days });
      if (ctx.rnd.chance(0.5)) d.lines.drug(drug('苯磺酸氨氯地平片'), { days });
      lastRefill(ctx, d, 28);
      return d;
    },
  },
  {
    id: 'htn-community',
    title: '医联体社区卫生服务中心（一级） 高血压、糖尿病 续方',
    weight: 10,
    build(ctx) {
      const diabetic = ctx.rnd.chance(0.4);
      const statin = ctx.rnd.chance(0.5);
      // Each chronic drug's diagnosis is on the order: a 长期处方 covers only the diseases it names.
      const dx = ['I10.x03', ...(diabetic ? ['E11.900'] : []), ...(statin ? ['E78.000'] : [])];
      const d = start(ctx, { ages: [50, 88], department: '全科', level: 1, dx });
      const days = refillDays(ctx, d);
      d.roles.refill = d.lines.drug(drug('苯磺酸氨氯地平片'), { days });
      if (diabetic) d.lines.drug(drug('盐酸二甲双胍片'), { days });
      if (statin) d.lines.drug(drug('阿托伐他汀钙片'), { days });
      return d;
    },
  },
  {
    id: 'htn-internet',
    title: '互联网医院 高血压 复诊续方',
    weight: 6,
    build(ctx) {
      const d = start(ctx, { ages: [40, 75], department: '心血管内科', dx: ['I10.x04'] });
      d.internet = true;
      d.longTermPrescription = true;
      d.roles.refill = d.lines.drug(drug('阿利沙坦酯片'), { days: 28 });
      lastRefill(ctx, d, 28);
      return d;
    },
  },
  {
    id: 'heart-failure',
    title: '门诊 慢性心力衰竭 高血压',
    weight: 5,
    build(ctx) {
      const d = start(ctx, { ages: [55, 85], department: '心血管内科', dx: ['I50.900x008', 'I10.x04'] });
      d.longTermPrescription = true;
      d.lines.drug(drug('沙库巴曲缬沙坦钠片'), { days: 28 });
      d.lines.drug(drug('琥珀酸美托洛尔缓释片'), { days: 28 });
      lastRefill(ctx, d, 28);
      return d;
    },
  },
  {
    id: 'diabetes',
    title: '门诊 2型糖尿病 复诊',
    weight: 24,
    build(ctx) {
      const d = start(ctx, { ages: [35, 82], department: '内分泌科', dx: ['E11.900'] });
      const days = refillDays(ctx, d, '糖尿病');
      d.roles.sglt2 = d.lines.drug(drug('脯氨酸恒格列净片'), { days });
      d.lines.drug(drug('盐酸二甲双胍片'), { days });
      if (ctx.rnd.chance(0.4)) {
        d.roles.hba1c = d.lines.item(ITEMS.hba1c);
        d.history.push({ date: daysBefore(ctx.date, ctx.rnd.int(80, 100)), code: ITEMS.hba1c.code, quantity: 1, unit: '次', visitType: 'outpatient' });
      }
      return d;
    },
  },
  {
    id: 'diabetic-kidney',
    title: '门诊 2型糖尿病肾病（慢性肾脏病3期）',
    weight: 4,
    build(ctx) {
      const d = start(ctx, { ages: [45, 80], department: '肾内科', dx: ['E11.900', 'N18.300'] });
      d.longTermPrescription = true;
      d.lines.drug(drug('非奈利酮片'), { days: 28 });
      return d;
    },
  },
  {
    id: 'ckd-anaemia',
    title: '门诊 慢性肾脏病4期相关性贫血',
    weight: 3,
    build(ctx) {
      const d = start(ctx, { ages: [40, 80], department: '肾内科', dx: ['N18.400x001+D63.8*'] });
      d.longTermPrescription = true;
      d.lines.drug(drug('罗沙司他胶囊'), { days: 28 });
      return d;
    },
  },
  {
    id: 'lipids',
    title: '门诊 高脂血症',
    weight: 8,
    build(ctx) {
      const d = start(ctx, { ages: [40, 80], department: '心血管内科', dx: [ctx.rnd.pick(['E78.000', 'E78.200'])] });
      const days = refillDays(ctx, d);
      // Most start on a statin; the combination tablet is for LDL-C not reached on a statin alone.
      if (ctx.rnd.chance(0.7)) d.lines.drug(drug('阿托伐他汀钙片'), { days });
      else d.lines.drug(drug('瑞舒伐他汀依折麦布片(I)'), { days });
      return d;
    },
  },
  {
    id: 'coronary',
    title: '门诊 冠心病 二级预防',
    weight: 12,
    build(ctx) {
      const d = start(ctx, { ages: [48, 85], department: '心血管内科', dx: ['I25.103'] });
      const days = refillDays(ctx, d, '冠心病');
      d.lines.drug(drug('阿司匹林肠溶片'), { days });
      d.lines.drug(drug('阿托伐他汀钙片'), { days });
      if (ctx.rnd.chance(0.3)) d.lines.drug(drug('硫酸氢氯吡格雷片'), { days });
      lastRefill(ctx, d, 28);
      return d;
    },
  },
  {
    id: 'bph',
    title: '门诊 前列腺增生',
    weight: 8,
    build(ctx) {
      const d = start(ctx, { ages: [55, 86], sex: 'M', department: '泌尿外科', dx: ['N40.x00'] });
      const days = refillDays(ctx, d);
      d.roles.finasteride = d.lines.drug(drug('非那雄胺片'), { days });
      if (ctx.rnd.chance(0.4)) d.roles.prostaticFluid = d.lines.item(ITEMS.prostaticFluid);
      return d;
    },
  },
  {
    id: 'reflux',
    title: '门诊 反流性食管炎',
    weight: 8,
    build(ctx) {
      const d = start(ctx, { ages: [25, 75], department: '消化内科', dx: ['K21.001'] });
      d.roles.ppi = d.lines.drug(drug('富马酸伏诺拉生片'), { days: 7 });
      return d;
    },
  },
  {
    id: 'duodenal-ulcer',
    title: '门诊 十二指肠溃疡',
    weight: 6,
    build(ctx) {
      const d = start(ctx, { ages: [22, 75], department: '消化内科', dx: ['K26.900x001'] });
      if (ctx.rnd.chance(0.7)) d.roles.ppi = d.lines.drug(drug('奥美拉唑肠溶胶囊'), { days: 7 });
      else d.roles.ppi = d.lines.drug(drug('艾普拉唑肠溶片'), { days: 7 });
      return d;
    },
  },
  {
    id: 'ibs-c',
    title: '门诊 便秘型肠易激综合征',
    weight: 3,
    build(ctx) {
      const d = start(ctx, { ages: [20, 65], department: '消化内科', dx: ['K58.200'] });
      d.roles.linaclotide = d.lines.drug(drug('利那洛肽胶囊'), { days: 7 });
      return d;
    },
  },
  {
    id: 'rheumatoid',
    title: '门诊 类风湿关节炎',
    weight: 3,
    build(ctx) {
      const d = start(ctx, { ages: [30, 75], department: '风湿免疫科', dx: ['M06.900'] });
      d.longTermPrescription = true;
      d.lines.drug(drug('艾拉莫德片'), { days: 28 });
      lastRefill(ctx, d, 28);
      return d;
    },
  },
  {
    id: 'claudication',
    title: '门诊 下肢动脉硬化闭塞 间歇性跛行',
    weight: 2,
    build(ctx) {
      const d = start(ctx, { ages: [55, 85], department: '血管外科', dx: ['I70.200x011'] });
      d.lines.drug(drug('西洛他唑片'), { days: 7 });
      return d;
    },
  },
  {
    id: 'atrial-fibrillation',
    title: '门诊 阵发性心房颤动 华法林控制不佳换用艾多沙班',
    weight: 4,
    build(ctx) {
      const d = start(ctx, { ages: [55, 85], department: '心血管内科', dx: ['I48.000'] });
      d.longTermPrescription = true;
      d.lines.drug(drug('甲苯磺酸艾多沙班片'), { days: 28 });
      const warfarin = drug('华法林钠片');
      d.history.push({ date: daysBefore(ctx.date, 60), code: warfarin.code, days: 56, quantity: 1, unit: '瓶', visitType: 'outpatient' });
      return d;
    },
  },
  {
    id: 'dysmenorrhoea',
    title: '门诊 痛经',
    weight: 4,
    build(ctx) {
      const d = start(ctx, { ages: [18, 45], sex: 'F', department: '妇科', dx: ['N94.600'] });
      d.roles.dydrogesterone = d.lines.drug(drug('地屈孕酮片'), { days: 7 });
      if (ctx.rnd.chance(0.5)) d.lines.drug(drug('布洛芬缓释胶囊'), { days: 3 });
      return d;
    },
  },
  {
    id: 'vaginitis',
    title: '门诊 细菌性阴道炎',
    weight: 5,
    build(ctx) {
      const d = start(ctx, { ages: [20, 55], sex: 'F', department: '妇科', dx: ['N76.000x003'] });
      d.roles.metronidazole = d.lines.drug(drug('甲硝唑阴道泡腾片'), { days: 7 });
      if (ctx.rnd.chance(0.4)) d.lines.item(ITEMS.transvaginalUltrasound);
      return d;
    },
  },
  {
    id: 'erectile-dysfunction',
    title: '门诊 勃起功能障碍',
    weight: 2,
    build(ctx) {
      const d = start(ctx, { ages: [30, 65], sex: 'M', department: '泌尿外科', dx: ['N48.400'] });
      d.roles.tadalafil = d.lines.drug(drug('他达拉非片'), { days: 7 });
      return d;
    },
  },
  {
    id: 'child-uri',
    title: '儿科门诊 急性上呼吸道感染/急性支气管炎',
    weight: 14,
    build(ctx) {
      const d = start(ctx, { ages: [3, 12], department: '儿科', dx: [ctx.rnd.pick(['J06.900', 'J20.900'])] });
      // 说明书 doses by age: one tablet (0.1 g) or 10 ml up to six years, twice that above.
      const older = d.ageYears > 6;
      d.lines.drug(drug('小儿对乙酰氨基酚片'), { days: 3, dose: older ? 0.2 : 0.1 });
      if (ctx.rnd.chance(0.6)) d.lines.drug(drug('儿童清肺口服液'), { days: 3, dose: older ? 20 : 10 });
      return d;
    },
  },
  {
    id: 'adult-uri',
    title: '门诊 急性上呼吸道感染、咽炎、扁桃体炎',
    weight: 20,
    build(ctx) {
      const dx = ctx.rnd.pick(['J06.900', 'J02.900', 'J03.900', 'J20.900']);
      const d = start(ctx, { ages: [18, 70], department: ctx.rnd.pick(['呼吸内科', '全科', '耳鼻咽喉科']), dx: [dx] });
      const bacterial = dx === 'J03.900' || ctx.rnd.chance(0.3);
      if (bacterial) d.roles.antibiotic = d.lines.drug(drug('阿莫西林胶囊'), { days: 5 });
      d.roles.mucolytic = d.lines.drug(drug('盐酸氨溴索片'), { days: 5 });
      if (ctx.rnd.chance(0.3)) d.lines.drug(drug('氯雷他定片'), { days: 5 });
      return d;
    },
  },
  {
    id: 'pneumonia-clinic',
    title: '门诊 社区获得性肺炎',
    weight: 4,
    build(ctx) {
      const d = start(ctx, { ages: [25, 75], department: '呼吸内科', dx: ['J18.900'] });
      if (ctx.rnd.chance(0.5)) d.lines.drug(drug('头孢呋辛酯片'), { days: 7 });
      else d.lines.drug(drug('甲磺酸吉米沙星片'), { days: 5 });
      d.lines.drug(drug('盐酸氨溴索片'), { days: 7 });
      return d;
    },
  },
  {
    id: 'hypothyroid',
    title: '门诊 甲状腺功能减退症',
    weight: 4,
    build(ctx) {
      const d = start(ctx, { ages: [25, 80], department: '内分泌科', dx: ['E03.900'] });
      d.longTermPrescription = true;
      d.lines.drug(drug('左甲状腺素钠片'), { days: 28 });
      return d;
    },
  },
  {
    id: 'knee-oa',
    title: '门诊 膝关节病',
    weight: 6,
    build(ctx) {
      const d = start(ctx, { ages: [50, 85], department: '骨科', dx: ['M17.000'] });
      d.roles.nsaid = d.lines.drug(drug('布洛芬缓释胶囊'), { days: 7 });
      return d;
    },
  },
  {
    id: 'prostate-cancer',
    title: '门诊 前列腺恶性肿瘤 阿帕他胺 长期处方',
    weight: 2,
    build(ctx) {
      const d = start(ctx, { ages: [60, 85], sex: 'M', department: '泌尿外科', dx: ['C61.x00'] });
      d.longTermPrescription = true;
      d.roles.apalutamide = d.lines.drug(drug('阿帕他胺片'), { days: 30 });
      return d;
    },
  },
  {
    id: 'cancer-pain',
    title: '门诊 肺癌骨转移 癌痛',
    weight: 3,
    build(ctx) {
      const d = start(ctx, { ages: [45, 85], department: '肿瘤科', dx: ['C34.900x001', 'C79.500x001'] });
      if (ctx.rnd.chance(0.5)) d.roles.opioid = d.lines.drug(drug('盐酸羟考酮缓释片'), { days: 14 });
      else d.roles.opioid = d.lines.drug(drug('芬太尼透皮贴剂'), { days: 15 });
      return d;
    },
  },
  {
    id: 'glaucoma',
    title: '门诊 原发性开角型青光眼',
    weight: 2,
    build(ctx) {
      const d = start(ctx, { ages: [45, 85], department: '眼科', dx: ['H40.100'] });
      d.lines.lines.push({ id: '1', code: 'XS01EEL010G010010100225', name: '拉坦前列素滴眼液', kind: 'drug', spec: '2.5ml:125μg', dose: 1, doseUnit: '滴', frequency: 'qn', days: 7, quantity: 1, unit: '支', route: '滴眼', price: 98 });
      return d;
    },
  },
  {
    id: 'emergency-gastro',
    title: '急诊 急性胃肠炎',
    weight: 8,
    build(ctx) {
      const d = start(ctx, { ages: [18, 70], visitType: 'emergency', department: '急诊科', dx: [ctx.rnd.pick(['A09.001', 'K29.100x001'])] });
      d.roles.ppi = d.lines.drug(drug('奥美拉唑肠溶胶囊'), { days: 3 });
      d.lines.item(ITEMS.emergencyConsultation);
      return d;
    },
  },
  {
    id: 'emergency-chest-pain',
    title: '急诊 不稳定型心绞痛 监护',
    weight: 4,
    build(ctx) {
      const d = start(ctx, { ages: [45, 85], visitType: 'emergency', department: '急诊科', dx: ['I20.000'] });
      d.roles.monitoring = d.lines.item(ITEMS.emergencyMonitoring);
      d.lines.drug(drug('阿司匹林肠溶片'), { dose: 300, freq: 'st', days: 1 });
      d.lines.drug(drug('硫酸氢氯吡格雷片'), { dose: 300, freq: 'st', days: 1 });
      return d;
    },
  },
  {
    id: 'ward-stroke',
    title: '住院 急性脑梗死 长期医嘱',
    weight: 10,
    build(ctx) {
      const d = start(ctx, { ages: [50, 88], visitType: 'inpatient', department: '神经内科', dx: ['I63.900'] });
      d.lines.drug(drug('丁苯酞软胶囊'));
      d.lines.drug(drug('注射用奥扎格雷钠'));
      d.lines.drug(drug('阿司匹林肠溶片'));
      d.lines.drug(drug('阿托伐他汀钙片'));
      if (ctx.rnd.chance(0.3)) d.lines.drug(drug('盐酸川芎嗪注射液'));
      wardDay(d);
      return d;
    },
  },
  {
    id: 'ward-pancreatitis',
    title: '住院 急性胆源性胰腺炎 长期医嘱',
    weight: 3,
    build(ctx) {
      const d = start(ctx, { ages: [30, 80], visitType: 'inpatient', department: '消化内科', dx: ['K85.101'] });
      d.lines.drug(drug('注射用乌司他丁'));
      wardDay(d);
      return d;
    },
  },
  {
    id: 'ward-cirrhosis',
    title: '住院 肝硬化失代偿期 腹水',
    weight: 3,
    build(ctx) {
      const d = start(ctx, { ages: [40, 80], visitType: 'inpatient', department: '消化内科', dx: ['K74.607', 'R18.x00'] });
      d.lines.drug(drug('人血白蛋白'));
      d.lines.drug(drug('复方氨基酸注射液(20AA)'));
      wardDay(d);
      return d;
    },
  },
  {
    id: 'ward-deafness',
    title: '住院 突发性聋 葛根素',
    weight: 3,
    build(ctx) {
      const d = start(ctx, { ages: [25, 70], visitType: 'inpatient', department: '耳鼻咽喉科', dx: ['H91.200x001'] });
      d.roles.puerarin = d.lines.drug(drug('葛根素注射液'));
      wardDay(d);
      return d;
    },
  },
  {
    id: 'ward-pneumonia',
    title: '住院 肺炎 头孢曲松',
    weight: 5,
    build(ctx) {
      const d = start(ctx, { ages: [18, 90], visitType: 'inpatient', department: '呼吸内科', dx: ['J18.900'] });
      d.lines.drug(drug('注射用头孢曲松钠'));
      d.lines.drug(drug('盐酸氨溴索片'));
      d.roles.consultation = d.lines.item(ITEMS.inpatientConsultation);
      d.lines.item(ITEMS.wardBed);
      d.lines.item(ITEMS.nursingLevel2);
      d.lines.item(ITEMS.infusion);
      return d;
    },
  },
  {
    id: 'ward-postpartum',
    title: '住院 产后出血 生育保险 卡前列素',
    weight: 2,
    build(ctx) {
      const d = start(ctx, { ages: [22, 40], sex: 'F', visitType: 'inpatient', department: '产科', dx: ['O72.100'], insurance: 'maternity' });
      d.roles.carboprost = d.lines.drug(drug('卡前列素氨丁三醇注射液'), { days: 1 });
      return d;
    },
  },
  {
    id: 'ward-lung-cancer',
    title: '住院 肺恶性肿瘤 康艾注射液',
    weight: 3,
    build(ctx) {
      const d = start(ctx, { ages: [45, 85], visitType: 'inpatient', department: '肿瘤科', dx: ['C34.900x001'] });
      d.roles.kangai = d.lines.drug(drug('康艾注射液'));
      wardDay(d);
      return d;
    },
  },
  {
    id: 'discharge-stroke',
    title: '出院带药 脑梗死 丁苯酞',
    weight: 4,
    build(ctx) {
      const d = start(ctx, { ages: [50, 88], visitType: 'discharge', department: '神经内科', dx: ['I63.900'] });
      const inHospital = ctx.rnd.int(7, 10);
      d.roles.butylphthalide = d.lines.drug(drug('丁苯酞软胶囊'), { days: 20 - inHospital });
      d.lines.drug(drug('阿司匹林肠溶片'), { days: 28 });
      d.lines.drug(drug('阿托伐他汀钙片'), { days: 28 });
      const butylphthalide = drug('丁苯酞软胶囊');
      d.history.push({ date: daysBefore(ctx.date, inHospital), code: butylphthalide.code, days: inHospital, visitType: 'inpatient' });
      return d;
    },
  },
];

export function scenarioById(id: string): Scenario {
  const found = SCENARIOS.find((s) => s.id === id);
  if (!found) throw new Error(`no scenario ${id}`);
  return found;
}
