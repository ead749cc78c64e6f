// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { RULE_KINDS } from '../../../contract/findings';
import { actionLabel, formatAmount, kindLabel, language, reasonLabel, t } from '../../../components/i18n';

afterEach(() => {
  language.value = 'zh-CN';
});

describe('i18n', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('badge.attention', { count: 2 })).toBe('2 项需注意');
    expect(t('finding.amount', { amount: formatAmount(98.5) })).toBe('涉及金额 ¥98.50');
    expect(t('finding.amount')).toBe('涉及金额 {amount}');
  });

  it('does not interpret parameter values as patterns', () => {
    expect(t('finding.hint', { label: '$& {count} $1' })).toBe('可手动处理：$& {count} $1');
  });

  it('labels every kind of the contract in Chinese', () => {
    const labels = Object.fromEntries(RULE_KINDS.map((k) => [k, kindLabel(k)]));
    expect(labels).toEqual({
      indication: '限适应症',
      quantity: '超量',
      course: '限支付疗程',
      sex: '限性别',
      age: '限年龄',
      'visit-type': '限就医方式',
      'institution-level': '限医疗机构级别',
      'insurance-type': '限险种',
      department: '限科室',
      'duplicate-drug': '重复开药',
      'duplicate-charge': '重复收费',
      frequency: '限定频次',
      'second-line': '限二线用药',
      'self-pay': '需自费告知',
      approval: '需审批',
      'diagnosis-sex': '诊断与性别不符',
      'diagnosis-age': '诊断与年龄不符',
      'herb-incompatibility': '中药配伍禁忌',
      'drug-count': '药品种类超标',
      'herb-oversize': '中药超大处方',
      'antibiotic-level': '抗菌药物分级管理',
      'consumable-item': '耗材与项目不符',
      'consumable-quantity': '耗材数量超标',
      'drug-interaction': '药物相互作用',
      contraindication: '禁忌证',
      'drug-item': '药品与项目不符',
      'operation-sex': '手术操作与性别不符',
      'operation-diagnosis': '手术操作与诊断不符',
      'operation-code': '手术编码格式异常',
      'diagnosis-code': '诊断编码异常',
      maternity: '妊娠哺乳期用药',
      'perioperative-antibiotic': '围手术期预防用药超时',
      'indication-list': '超适应症或无指征',
      'herb-dose': '中药饮片超量',
      'chronic-drug': '超慢特病用药范围',
      data: '数据不全',
    });
  });

  it('switches every UI string to English with the language signal', () => {
    language.value = 'en';
    expect(t('review.title')).toBe('Insurance review before submitting');
    expect(kindLabel('course')).toBe('Payable course limit');
    expect(reasonLabel('患者同意自费')).toBe('Patient agrees to pay');
    // No English string may fall back to Chinese characters.
    for (const kind of RULE_KINDS) expect(kindLabel(kind)).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('shows pack action labels as written in Chinese and generic ones in English', () => {
    const setDays = { type: 'set-days' as const, value: 20, label: '改为 20 天' };
    const confirm = { type: 'confirm' as const, label: '已确认：EGFR 基因突变阳性' };
    expect(actionLabel(setDays)).toBe('改为 20 天');
    language.value = 'en';
    expect(actionLabel(setDays)).toBe('Set to 20 days');
    // The confirmation keeps the clinical condition it names.
    expect(actionLabel(confirm)).toBe('Confirmed: 已确认：EGFR 基因突变阳性');
  });
});
