import { z } from 'zod';
import type { OrderLine } from '../../contract/order';
import { defineOrderKind } from './define';
import { lineLabel, makeFinding, removeLineAction } from './finding';

/**
 * The national drug code carries the ATC class and the 通用名 in fixed places: 西药 (X, 23 chars)
 * = X + ATC level 4 (5 chars) + 通用名 (4 chars) + 剂型 …; 中成药 (Z, 20 chars) = Z + class (5) + 名称 (5) ….
 * Two lines sharing the ingredient segment are the same medicine in another form or strength.
 */
export function ingredientKey(code: string): string | undefined {
  if (code.startsWith('X') && code.length >= 10) return code.slice(0, 10);
  if (code.startsWith('Z') && code.length >= 11) return code.slice(0, 11);
  return undefined;
}

export function atcClassKey(code: string): string | undefined {
  return code.startsWith('X') && code.length >= 6 ? code.slice(1, 6) : undefined;
}

/** What makes two drugs one for this rule: the ingredient, or the listed ATC class both fall in. */
function duplicateKey(params: { by: 'ingredient' | 'class'; classes?: string[] | undefined }, code: string): string | undefined {
  if (params.by === 'ingredient') return ingredientKey(code);
  const atc = atcClassKey(code);
  if (!atc) return undefined;
  return params.classes?.find((c) => atc.startsWith(c));
}

/** 重复开药: the same ingredient (or, with `classes`, the same ATC class) twice in one order. */
export const duplicateDrugKind = defineOrderKind({
  kind: 'duplicate-drug',
  consequence: 'confirm',
  params: z.object({
    by: z.enum(['ingredient', 'class']).default('ingredient'),
    /** With by = class: the ATC level-4 classes (e.g. A02BC 质子泵抑制剂) in which two drugs are a duplicate. */
    classes: z.array(z.string().min(1)).optional(),
    /** How the class reads in the message, e.g. "质子泵抑制剂". */
    classLabel: z.string().optional(),
  }),
  evaluate(rule, matched) {
    const groups = new Map<string, OrderLine[]>();
    for (const line of matched) {
      if (line.kind !== 'drug') continue;
      const key = duplicateKey(rule.params, line.code);
      if (!key) continue;
      const group = groups.get(key);
      if (group) group.push(line);
      else groups.set(key, [line]);
    }
    const findings = [];
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      const [first, ...rest] = group as [OrderLine, ...OrderLine[]];
      const what = rule.params.by === 'ingredient' ? '同一成分' : `同类（${rule.params.classLabel ?? '同一药理分类'}）`;
      for (const line of rest) {
        findings.push(
          makeFinding(rule, line, {
            message: `${lineLabel(line)} 与第 ${first.id} 行 ${lineLabel(first)} 为${what}药品，重复开药医保不予支付`,
            actions: [removeLineAction],
            relatedLineIds: group.map((l) => l.id),
          }),
        );
      }
    }
    return findings;
  },
});
