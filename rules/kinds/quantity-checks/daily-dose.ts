import type { Finding } from '../../../contract/findings';
import type { OrderLine } from '../../../contract/order';
import { administrationsOnHeaviestDay } from '../../parse/frequency';
import { formatNumber, unitInfo } from '../../parse/units';
import { lineLabel, makeFinding, selfPayAction } from '../finding';
import type { DataGaps } from './gaps';
import { convertForLine, neededDose, neededFrequency } from './line-data';
import type { QuantityRule } from './params';

/**
 * Dose × administrations per day against the payable daily maximum. prn and st count their
 * dictionary value (once a day), so a single dose above the daily maximum is still caught.
 */
/** `paid`: 医保 pays for the line (not 自费), so the excess is a payment problem too. */
export function checkDailyDose(rule: QuantityRule, line: OrderLine, gaps: DataGaps, paid = true): Finding[] {
  const max = rule.params.maxDailyDose;
  if (!max) return [];
  const dose = neededDose(line);
  if (!dose.ok) {
    gaps.add(dose.gap, '日剂量');
    return [];
  }
  const frequency = neededFrequency(line);
  if (!frequency.ok) {
    gaps.add(frequency.gap, '日剂量', frequency.detail);
    return [];
  }
  const times = administrationsOnHeaviestDay(frequency.value);
  const daily = convertForLine(line, dose.value.dose * times, dose.value.unit, max.unit);
  if (!daily.ok) {
    gaps.add(daily.gap, '日剂量', daily.detail);
    return [];
  }
  if (daily.value <= max.value * (1 + 1e-9)) return [];
  const unit = unitInfo(max.unit)?.symbol ?? max.unit;
  // Only the part of each day's dose above the maximum goes unpaid.
  const excessShare = (daily.value - max.value) / daily.value;
  const amount =
    line.price !== undefined && line.quantity !== undefined
      ? Math.round(line.price * line.quantity * excessShare * 100) / 100
      : undefined;
  const dailyText =
    `${lineLabel(line)} 日剂量 ${formatNumber(daily.value)}${unit}` + `（${formatNumber(dose.value.dose)}${dose.value.unit}×${formatNumber(times)}次），`;
  const maxText = `${formatNumber(max.value)}${unit}`;
  if (max.fromLabel) {
    // 超说明书用量: a prescribing problem first (the dose is reduced, or the hospital's 超说明书用药
    // procedure is followed); 转自费 changes nothing about it.
    return [
      makeFinding(rule, line, {
        message: `${dailyText}超过说明书每日最大剂量 ${maxText}：请减量；确需超说明书用药须经本院审批备案${paid ? '，超出部分医保不予支付' : ''}`,
        actions: [{ type: 'confirm', label: '已按本院超说明书用药规定审批备案' }],
        ...(amount !== undefined ? { amountAtRisk: amount } : {}),
      }),
    ];
  }
  return [
    makeFinding(rule, line, {
      message: `${dailyText}超过医保限定每日 ${maxText}，超出部分医保不予支付`,
      actions: [selfPayAction],
      ...(amount !== undefined ? { amountAtRisk: amount } : {}),
    }),
  ];
}
