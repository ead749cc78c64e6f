import type { Finding } from '../contract/findings';
import { t, type MessageKey } from './i18n';

/**
 * Which field of the page a finding is about, so the UI can name it ("第 2 行 · 天数") and the
 * content script can outline it. Findings carry no field of their own: the kind says it, refined
 * by the fix the rule offers (a quantity rule that offers 数量改为 N is about 总量, not 天数).
 */

export type LineFieldName = 'name' | 'days' | 'quantity' | 'frequency' | 'selfPay' | 'approvalNo' | 'dose';
export type PatientFieldName = 'sex' | 'age';
export type EncounterFieldName = 'insuranceType' | 'visitType' | 'institutionLevel' | 'department';

export type FieldTarget =
  | { scope: 'line'; field: LineFieldName }
  | { scope: 'patient'; field: PatientFieldName }
  | { scope: 'encounter'; field: EncounterFieldName }
  | { scope: 'diagnoses' };

function offers(finding: Pick<Finding, 'actions'>, type: Finding['actions'][number]['type']): boolean {
  return finding.actions.some((a) => a.type === type);
}

export function fieldOf(finding: Pick<Finding, 'kind' | 'actions'>): FieldTarget | undefined {
  switch (finding.kind) {
    case 'quantity':
      return { scope: 'line', field: offers(finding, 'set-quantity') && !offers(finding, 'set-days') ? 'quantity' : 'days' };
    case 'course':
      return { scope: 'line', field: 'days' };
    case 'consumable-quantity':
      return { scope: 'line', field: 'quantity' };
    case 'frequency':
      return { scope: 'line', field: offers(finding, 'set-quantity') ? 'quantity' : 'frequency' };
    case 'sex':
      return { scope: 'patient', field: 'sex' };
    // A 禁用/慎用 list's finding (no 转自费 offered) is about the drug, a 限年龄 one about the patient.
    case 'age':
      return offers(finding, 'mark-self-pay') ? { scope: 'patient', field: 'age' } : { scope: 'line', field: 'name' };
    case 'insurance-type':
      return { scope: 'encounter', field: 'insuranceType' };
    case 'visit-type':
      return { scope: 'encounter', field: 'visitType' };
    case 'institution-level':
      return { scope: 'encounter', field: 'institutionLevel' };
    case 'department':
      return { scope: 'encounter', field: 'department' };
    case 'indication':
    case 'indication-list':
    case 'diagnosis-sex':
    case 'diagnosis-age':
    case 'diagnosis-code':
      return { scope: 'diagnoses' };
    // The page's operations are not an outlined field of their own: the finding names the operation.
    case 'operation-sex':
    case 'operation-diagnosis':
    case 'operation-code':
      return undefined;
    case 'self-pay':
      return { scope: 'line', field: 'selfPay' };
    case 'approval':
      return { scope: 'line', field: 'approvalNo' };
    case 'second-line':
    case 'duplicate-drug':
    case 'herb-incompatibility':
    case 'drug-count':
    case 'antibiotic-level':
    case 'drug-interaction':
    case 'contraindication':
    case 'drug-item':
    case 'maternity':
    case 'duplicate-charge':
    case 'consumable-item':
    case 'chronic-drug':
      return { scope: 'line', field: 'name' };
    // One 味's grams per 剂: the dose cell; its data gaps are `data` findings.
    case 'herb-dose':
      return { scope: 'line', field: 'dose' };
    // 付数 is the 饮片 lines' days: the finding that offers 改为 N 付 is about them.
    case 'herb-oversize':
      return { scope: 'line', field: offers(finding, 'set-days') ? 'days' : 'name' };
    case 'data':
      return undefined;
  }
}

const FIELD_KEYS: Record<string, MessageKey> = {
  'line.name': 'field.name',
  'line.days': 'field.days',
  'line.dose': 'field.dose',
  'line.quantity': 'field.quantity',
  'line.frequency': 'field.frequency',
  'line.selfPay': 'field.selfPay',
  'line.approvalNo': 'field.approvalNo',
  'patient.sex': 'field.sex',
  'patient.age': 'field.age',
  'encounter.insuranceType': 'field.insuranceType',
  'encounter.visitType': 'field.visitType',
  'encounter.institutionLevel': 'field.institutionLevel',
  'encounter.department': 'field.department',
  diagnoses: 'field.diagnoses',
};

export function fieldLabel(target: FieldTarget): string {
  const key = target.scope === 'diagnoses' ? 'diagnoses' : `${target.scope}.${target.field}`;
  return t(FIELD_KEYS[key]!);
}

/** Where a finding is, as the page shows it: "序号 2 · 天数", "整张医嘱 · 诊断". */
export function findingPlace(finding: Pick<Finding, 'kind' | 'actions' | 'lineId'>, rowLabel: string | undefined): string {
  const target = fieldOf(finding);
  const row = rowLabel ?? (finding.lineId === undefined ? t('panel.orderLevel') : t('panel.line', { id: finding.lineId }));
  return target ? `${row} · ${fieldLabel(target)}` : row;
}
