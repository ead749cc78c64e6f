import { z } from 'zod';
import type { Action } from '../../contract/findings';
import type { OrderLine } from '../../contract/order';
import { formatNumber } from '../parse/units';
import { gramsPerDose } from './herb-grams';
import { defineLineKind } from './define';
import { lineLabel, makeFinding } from './finding';
import { paidByPatient } from './consumable-lines';

/**
 * 中药饮片超量上传 (2025 list no. 77): one 味 of a 饮片 prescription above the largest dose per 剂
 * the hospital's 中药饮片最大剂量表 lists for it — the 药典's 【用法与用量】 upper bound (细辛 1～3g)
 * unless the hospital keeps another. One rule per herb (its 饮片 codes), judged line by line.
 *
 * The line's `dose` is the herb's weight in one 剂, as a 饮片 prescription writes it (the same
 * reading as 中药饮片超大处方). Only weights are compared: a dose in mg or kg is converted, a dose in
 * 袋, 包 or 格 (配方颗粒 dispensed by the bag) is not a weight and is named as a data gap, never read
 * as grams. A line without a dose is a gap too: the listed herbs are the ones whose dose matters.
 *
 * `confirm`: 《中药处方格式及书写规范》 lets the prescriber go above the 药典 dose when he signs the
 * herb a second time (超剂量使用时应当在药品上方再次签名), which the page cannot show. A prescribing
 * rule (the pharmacy holds such a prescription back whoever pays): judged on 自费 lines too, and the
 * message speaks of payment only where 医保 pays.
 */

const params = z
  .object({
    /** The largest dose of one 剂, in g. */
    maxGrams: z.number().positive(),
    /** The lower end of the listed range, in g, quoted with the maximum (1～3g); optional. */
    minGrams: z.number().positive().optional(),
    /** Where the range is from, as the message names it: 药典 (default), 部颁标准, 省炮制规范, 本院规定. */
    source: z.string().min(1).max(20).optional(),
  })
  .refine((p) => p.minGrams === undefined || p.minGrams <= p.maxGrams, { message: 'minGrams is above maxGrams', path: ['minGrams'] });

/** Weights typed as 0.1 + 0.2 must not tip a dose over its maximum. */
const EPSILON = 1e-9;

export const herbDoseKind = defineLineKind({
  kind: 'herb-dose',
  consequence: 'confirm',
  prescribing: true,
  params,
  evaluate(rule, line, ctx) {
    const label = lineLabel(line);
    const gap = (message: string) => [makeFinding(rule, line, { kind: 'data', severity: 'info', message, amountAtRisk: 0 })];
    // 剂量, not the contract field's 每次剂量: a 饮片 line's dose is the grams of one 剂.
    const weight = gramsPerDose(line, ctx.unread);
    if (weight === undefined) {
      return gap(`${label} ${ctx.unread?.has('lines.dose') ? '页面未读取剂量' : '未填剂量'}，未核对每剂最大剂量`);
    }
    if (!weight.ok) {
      const shown = weight.unit === '' ? '页面未读取剂量单位' : `剂量单位“${weight.unit}”不是重量`;
      return gap(`${label} ${shown}，未按克核对每剂最大剂量 ${formatNumber(rule.params.maxGrams)}g`);
    }
    const grams = weight.grams;
    const max = rule.params.maxGrams;
    if (grams <= max * (1 + EPSILON)) return [];
    const paid = !paidByPatient(line, ctx);
    const source = rule.params.source ?? '药典';
    const range = rule.params.minGrams !== undefined ? `${formatNumber(rule.params.minGrams)}～${formatNumber(max)}g` : `不超过 ${formatNumber(max)}g`;
    const actions: Action[] = [
      { type: 'set-dose', value: max, label: `改为 ${formatNumber(max)}g` },
      { type: 'confirm', label: '已在该药上方再次签名' },
    ];
    return [
      makeFinding(rule, line, {
        message:
          `${label} 每剂 ${formatNumber(grams)}g，超过${source}用量 ${range}：请改为 ${formatNumber(max)}g；` +
          `确需超量须在该药上方再次签名${paid ? '，否则超出部分医保不予支付' : ''}`,
        actions,
        amountAtRisk: paid ? amountBeyond(line, grams, max) : 0,
      }),
    ];
  },
});

/** The share of the line above the maximum: each 剂 carries (dose − max) g too much. */
function amountBeyond(line: OrderLine, grams: number, max: number): number {
  if (line.price === undefined || line.quantity === undefined) return 0;
  return Math.round(((line.price * line.quantity * (grams - max)) / grams) * 100) / 100;
}
