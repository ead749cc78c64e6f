import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../contract/findings';
import {
  bySeverity,
  countBySeverity,
  flaggedLineIds,
  groupByLine,
  highestSeverity,
  totalAmountAtRisk,
} from '../../../components/finding-list';
import { findingOf, sampleFindings } from './fixtures';

const findings = sampleFindings();

describe('finding list helpers', () => {
  it('sorts most severe first and keeps line order within a level', () => {
    const extra: Finding = { ...findingOf(findings, 'course'), lineId: '9', ruleId: 'later-warning' };
    const sorted = bySeverity([...findings, extra]);
    expect(sorted.map((f) => f.severity)).toEqual(['critical', 'warning', 'warning', 'info']);
    expect(sorted[1]!.lineId).toBe('1');
    expect(sorted[2]!.lineId).toBe('9');
  });

  it('counts by severity and finds the highest', () => {
    expect(countBySeverity(findings)).toEqual({ critical: 1, warning: 1, info: 1 });
    expect(highestSeverity(findings)).toBe('critical');
    expect(highestSeverity([findingOf(findings, 'data')])).toBe('info');
    expect(highestSeverity([])).toBeUndefined();
  });

  it('groups by line with the worst line first and order-level findings apart', () => {
    const orderLevel: Finding = { ruleId: 'no-diagnosis', kind: 'data', severity: 'info', message: '未填写诊断，限适应症药品无法核对', actions: [] };
    const groups = groupByLine([...findings, orderLevel]);
    expect(groups.map((g) => g.lineId)).toEqual(['2', '1', '3', undefined]);
    expect(groups[3]!.findings).toEqual([orderLevel]);
  });

  it('lists lines named by duplicate findings as flagged', () => {
    const duplicate: Finding = {
      ruleId: 'dup', kind: 'duplicate-drug', lineId: '4', severity: 'warning', message: '重复开药', actions: [], relatedLineIds: ['4', '5'],
    };
    expect(flaggedLineIds([...findings, duplicate])).toEqual(['1', '2', '3', '4', '5']);
  });

  it('counts a line once at its largest amount and adds order-level amounts', () => {
    const course = findingOf(findings, 'course');
    const sex = findingOf(findings, 'sex');
    const sameLine: Finding = { ...sex, ruleId: 'other-rule-line-2', kind: 'age', amountAtRisk: 300 };
    const orderLevel: Finding = { ruleId: 'o', kind: 'duplicate-charge', severity: 'warning', message: '重复收费', actions: [], amountAtRisk: 12.5 };
    expect(totalAmountAtRisk([course, sex, sameLine, orderLevel])).toBe(
      Math.round((course.amountAtRisk! + 1200 + 12.5) * 100) / 100,
    );
    expect(totalAmountAtRisk([findingOf(findings, 'data')])).toBe(0);
  });
});
