import type { Diagnosis, Encounter, OrderLine } from '../../../contract/order';
import { atcOfDrugCode, chronicAllowanceCovers, chronicConditionTreatedBy, chronicDiagnosisFor, MALIGNANT_ICD } from '../../data/chronic-drug-classes';
import { CONTROLLED_CLASS_ZH, CONTROLLED_FORM_ZH, controlledClassOf, controlledFormOf, type ControlledForm } from '../../data/controlled-drugs';
import type { PackSettings } from '../../pack/settings';

/**
 * The 处方管理办法 day limit that applies to one prescription line, with the facts that unlock
 * more: a certified 门诊慢特病 or a 长期处方 with its chronic diagnosis raise the limit outright;
 * a chronic diagnosis on the order lets the doctor extend with a stated reason (第十九条), which the
 * page cannot show, so exceeding then asks for a confirmation instead of refusing payment.
 */
export interface LawLimit {
  readonly days: number;
  /** How the limit is named to the doctor: 门诊处方, 麻醉药品控缓释制剂 … */
  readonly label: string;
  /** The article it comes from, for the finding's 依据, and what it says. */
  readonly article: string;
  readonly articleText?: string;
  /** Up to these days the line is payable when the doctor confirms `confirm` (a stated reason). */
  readonly extendable?: { readonly upTo: number; readonly confirm: string; readonly why: string };
  /** What would allow more, when the order lacks the fact: said in the finding. */
  readonly hint?: string;
}

export type LawLimitOutcome = LawLimit | 'none' | 'unknown';

const LAW = '处方管理办法（卫生部令第53号）';
/** The general limit: the rule that applies it states this article as its own 依据 and text. */
export const ARTICLE_19 = `${LAW}第十九条`;
const ARTICLE_21 = {
  article: `${LAW}第二十一条`,
  articleText: '门（急）诊患者开具的麻醉药品、第一类精神药品注射剂，每张处方为一次常用量；控缓释制剂，每张处方不得超过7日常用量；其他剂型，每张处方不得超过3日常用量。',
};
const ARTICLE_22 = {
  article: `${LAW}第二十二条`,
  articleText: '第二类精神药品一般每张处方不得超过7日常用量；对于慢性病或某些特殊情况的患者，处方用量可以适当延长，医师应当注明理由。',
};
const ARTICLE_23 = {
  article: `${LAW}第二十三条`,
  articleText:
    '为门（急）诊癌症疼痛患者和中、重度慢性疼痛患者开具的麻醉药品、第一类精神药品注射剂，每张处方不得超过3日常用量；控缓释制剂，每张处方不得超过15日常用量；其他剂型，每张处方不得超过7日常用量。',
};
const LONG_TERM = {
  article: '长期处方管理规范（试行）',
  articleText: '长期处方用量一般在4周内；根据慢性病特点，病情稳定的患者适当延长，最长不超过12周。',
};

/** 癌症疼痛 or 中、重度慢性疼痛 as a diagnosis shows it (第二十三条 lets these patients have more). */
const PAIN_CODES = ['R52.1', 'R52.2', 'G90.5', 'G90.6', 'G90.7'];
const PAIN_WORDS = /癌痛|癌性疼痛|慢性疼痛|顽固性疼痛/;

export function hasPainIndication(diagnoses: readonly Diagnosis[]): boolean {
  return diagnoses.some((dx) => {
    const code = dx.code.trim().toUpperCase();
    return (
      MALIGNANT_ICD.some((p) => code.startsWith(p)) ||
      PAIN_CODES.some((p) => code.startsWith(p)) ||
      (dx.name !== undefined && (PAIN_WORDS.test(dx.name) || /恶性肿瘤|癌/.test(dx.name)))
    );
  });
}

/**
 * 长期处方 may not carry 麻醉药品、精神药品 or 抗微生物药物 (长期处方管理规范 第十四条); medicines
 * for 结核 and other chronic infections are the exception, so only J01/J02 are excluded here.
 */
function longTermExcluded(line: OrderLine): boolean {
  if (controlledClassOf(line.name) !== undefined) return true;
  const atc = atcOfDrugCode(line.code);
  return atc !== undefined && (atc.startsWith('J01') || atc.startsWith('J02'));
}

type ControlledLimits = PackSettings['controlledDrugLimits'];

function controlledLimit(form: ControlledForm, pain: boolean, s: ControlledLimits): number {
  if (pain) return form === 'injection' ? s.painInjection : form === 'controlled-release' ? s.painControlledRelease : s.painOther;
  return form === 'injection' ? s.injection : form === 'controlled-release' ? s.controlledRelease : s.other;
}

/** 麻醉药品 / 第一类精神药品 on a 门急诊 prescription: the limit by dosage form, no extension. */
function narcoticLimit(line: OrderLine, encounter: Encounter, settings: PackSettings): LawLimit {
  const cls = controlledClassOf(line.name)!;
  const form = controlledFormOf(line);
  const pain = hasPainIndication(encounter.diagnoses);
  const days = controlledLimit(form, pain, settings.controlledDrugLimits);
  const label = `${CONTROLLED_CLASS_ZH[cls]}${CONTROLLED_FORM_ZH[form]}${pain ? '（癌痛/慢性疼痛）' : ''}`;
  if (pain) return { days, label, ...ARTICLE_23 };
  const painDays = controlledLimit(form, true, settings.controlledDrugLimits);
  return { days, label, ...ARTICLE_21, hint: `癌症疼痛或中、重度慢性疼痛患者可至 ${painDays} 天（需录入相应诊断）` };
}

/** `certified`: the 门诊慢特病 the visit is certified for, by name (EvalContext.certifiedChronic). */
export function prescriptionLimit(line: OrderLine, encounter: Encounter, settings: PackSettings, certified: readonly string[]): LawLimitOutcome {
  const limits = settings.dayLimits;
  switch (encounter.visitType) {
    case undefined:
      return 'unknown';
    case 'inpatient':
      return 'none';
    case 'discharge':
      return { days: limits.discharge, label: '出院带药', article: '出院带药天数（本院规定）' };
    case 'outpatient':
    case 'emergency':
      break;
  }
  const cls = controlledClassOf(line.name);
  if (cls === 'narcotic' || cls === 'psychotropic-1') return narcoticLimit(line, encounter, settings);

  const emergency = encounter.visitType === 'emergency';
  const base = emergency ? limits.emergency : Math.min(limits.outpatient, cls ? settings.controlledDrugLimits.psychotropic2 : Infinity);
  const label = cls ? `${emergency ? '急诊' : '门诊'}${CONTROLLED_CLASS_ZH[cls]}处方` : emergency ? '急诊处方' : '门诊处方';
  const article = cls ? ARTICLE_22 : { article: ARTICLE_19 };

  const certifiedCovers = certified.length > 0 ? chronicAllowanceCovers(certified, line.code) : false;
  const dx = chronicDiagnosisFor(encounter.diagnoses, line.code);
  const excluded = longTermExcluded(line);
  if (!emergency && encounter.longTermPrescription && !excluded && (dx !== undefined || certifiedCovers === true) && limits.longTerm > base) {
    return { days: limits.longTerm, label: '长期处方', ...LONG_TERM };
  }
  if (!emergency && certifiedCovers !== false && limits.chronic > base) {
    return { days: limits.chronic, label: '门诊慢特病处方', article: '门诊慢特病待遇（本地规定）' };
  }
  if (dx !== undefined && limits.chronic > base) {
    const extendable = { upTo: limits.chronic, confirm: `已在处方注明延长理由（${dx}）`, why: `${dx}属慢性病，注明理由可延长至 ${limits.chronic} 天` };
    return { days: base, label, ...article, extendable };
  }
  if (encounter.longTermPrescription && !emergency && excluded) {
    return { days: base, label, ...article, hint: '麻醉、精神药品和抗菌药物不得开具长期处方' };
  }
  const condition = excluded ? undefined : chronicConditionTreatedBy(line.code);
  return condition ? { days: base, label, ...article, hint: `如为${condition}等慢性病用药，录入该诊断后可注明理由延长` } : { days: base, label, ...article };
}
