import { describe, expect, it } from 'vitest';
import { diagnosisGrade, gradeRequirement, settleGradeCondition } from '../../../rules/indication/severity-grade';

// Conditions as the 两库 batches word them (第十四批 阿利沙坦酯片, 吡美莫司乳膏, 度普利尤单抗,
// 氮䓬斯汀氟替卡松鼻喷雾剂); diagnoses from ICD-10 医保版 2.0, or as doctors add a grade to one.
describe('severity grades in indication conditions', () => {
  it('reads the allowed grades, lists and ranges alike', () => {
    expect([...gradeRequirement('轻、中度原发性高血压')!.allowed]).toEqual(['mild', 'moderate']);
    expect(gradeRequirement('轻、中度原发性高血压')!.rest).toBe('原发性高血压');
    expect([...gradeRequirement('轻中度特应性皮炎')!.allowed]).toEqual(['mild', 'moderate']);
    expect([...gradeRequirement('中至重度季节性过敏性鼻炎')!.allowed].sort()).toEqual(['moderate', 'severe']);
    expect([...gradeRequirement('轻至重度哮喘')!.allowed].sort()).toEqual(['mild', 'moderate', 'severe']);
    expect(gradeRequirement('既往接受过至少两种化疗方案的乳腺癌')).toBeUndefined();
  });

  it('reads the grade a diagnosis states', () => {
    expect(diagnosisGrade({ code: 'I10.x03', name: '高血压1级' })).toBe('mild');
    expect(diagnosisGrade({ code: 'I10.x05' })).toBe('severe');
    expect(diagnosisGrade({ code: 'X', name: '高血压病2级' })).toBe('moderate');
    expect(diagnosisGrade({ code: 'B18.106', name: '慢性重度乙型病毒性肝炎' })).toBe('severe');
    expect(diagnosisGrade({ code: 'B18.104', name: '慢性轻度乙型病毒性肝炎' })).toBe('mild');
    expect(diagnosisGrade({ code: 'L20.800', name: '中重度特应性皮炎' })).toBeUndefined();
    expect(diagnosisGrade({ code: 'I10.x00x002', name: '高血压' })).toBeUndefined();
    // A numbered grade of another disease is not a severity.
    expect(diagnosisGrade({ code: 'N18.300', name: '慢性肾脏病3期' })).toBeUndefined();
  });

  it('settles only conditions that are the grade plus the disease', () => {
    const words = ['原发性高血压', '高血压病'];
    expect(settleGradeCondition('轻、中度原发性高血压', { code: 'I10.x04', name: '高血压2级' }, words)).toEqual({ status: 'met' });
    expect(settleGradeCondition('轻、中度原发性高血压', { code: 'I10.x05', name: '高血压3级' }, words)).toEqual({ status: 'not-met', grade: 'severe' });
    expect(settleGradeCondition('轻、中度原发性高血压', { code: 'I10.x00x002', name: '高血压' }, words)).toEqual({ status: 'unknown' });
    const atopic = ['特应性皮炎'];
    expect(settleGradeCondition('对传统治疗无效、有禁忌或不耐受的中重度特应性皮炎', { code: 'L20.800', name: '重度特应性皮炎' }, atopic)).toEqual({ status: 'unknown' });
    expect(settleGradeCondition('对传统治疗无效、有禁忌或不耐受的中重度特应性皮炎', { code: 'L20.800', name: '轻度特应性皮炎' }, atopic)).toEqual({ status: 'not-met', grade: 'mild' });
  });
});
