import { CodeIndex } from './code-index';
import { isBatchRule, isCatalogueRule, narrowedTo } from './overlap';
import type { PackReport } from './report';
import type { RuleInput } from './rule-collector';

/**
 * The catalogue's 专科限制 "(急诊)" is read as 限急诊或急救、抢救时使用 (catalogue.ts): an inference
 * from one structured column. Where NHSA published the drug's whole 限定支付范围 text (a 两库 药品
 * 限适应症 batch) and that text sets no visit type, the official text is the restriction, and the
 * inferred rule yields those codes — 川芎嗪 "限急性缺血性脑血管疾病…" and 人血白蛋白 "限抢救、重症或因
 * 肝硬化…引起胸腹水…" were asked 急救、抢救 on every ward order. Other catalogue rules keep their
 * codes: sex, age or 险种 limits are read from the catalogue's own columns, not inferred.
 */
const OFFICIAL_TEXT_CLASS = '药品限适应症';

const isInferredVisitType = (rule: RuleInput) =>
  isCatalogueRule(rule) && rule.kind === 'visit-type' && typeof (rule.params as { orConfirm?: unknown }).orConfirm === 'string';

export interface YieldResult {
  rules: RuleInput[];
  overlaps: PackReport['overlaps'];
  dropped: string[];
}

export function yieldToOfficialTexts(rules: readonly RuleInput[]): YieldResult {
  if (!rules.some(isInferredVisitType)) return { rules: [...rules], overlaps: [], dropped: [] };
  const official = new CodeIndex<string>();
  const officialVisitType = new CodeIndex<string>();
  for (const rule of rules) {
    if (!isBatchRule(rule)) continue;
    const index = rule.kind === 'visit-type' ? officialVisitType : rule.source?.ruleClass === OFFICIAL_TEXT_CLASS ? official : undefined;
    if (index) for (const code of rule.match.codes ?? []) index.addCode(code, rule.id);
  }
  const overlaps: PackReport['overlaps'] = [];
  const dropped: string[] = [];
  const out: RuleInput[] = [];
  for (const rule of rules) {
    if (!isInferredVisitType(rule)) {
      out.push(rule);
      continue;
    }
    // A catalogue key (12 characters) stands for the drug's codes: an official text for one of them is one for the drug.
    const textFor = (entry: string, isPrefix: boolean) => {
      const hits = isPrefix ? official.codesStartingWith(entry) : official.code(entry);
      const visit = isPrefix ? officialVisitType.codesStartingWith(entry) : officialVisitType.code(entry);
      return visit.length === 0 ? hits[0]?.value : undefined;
    };
    const lost = new Map<string, string[]>();
    const keep = (entries: readonly string[] | undefined, isPrefix: boolean) =>
      (entries ?? []).filter((entry) => {
        const by = textFor(entry, isPrefix);
        if (by) {
          const list = lost.get(by);
          if (list) list.push(entry);
          else lost.set(by, [entry]);
        }
        return !by;
      });
    const codes = keep(rule.match.codes, false);
    const prefixes = keep(rule.match.prefixes, true);
    if (lost.size === 0) {
      out.push(rule);
      continue;
    }
    for (const [keptIn, what] of lost) overlaps.push({ ruleId: rule.id, keptIn, dropped: what });
    if (codes.length + prefixes.length === 0) {
      dropped.push(rule.id);
      continue;
    }
    out.push(narrowedTo(rule, codes, prefixes));
  }
  return { rules: out, overlaps, dropped };
}
