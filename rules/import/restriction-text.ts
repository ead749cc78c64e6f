import type { Rule } from '../pack/schema';

/**
 * Turns a 限定支付范围 / 说明 text ("限成人社区获得性肺炎。", "限二级及以上医疗机构", "支付不超过14天")
 * into typed rule parts. What is not understood is returned in `unparsed`, never dropped.
 */
export type RuleDraft = Pick<Rule, 'kind' | 'params'>;

export interface ParsedRestriction {
  /** One draft per restriction the text expresses (indication, visit-type, institution-level, course, age …). */
  drafts: RuleDraft[];
  /** Fragments of the text that became no rule field, with the reason. */
  unparsed: { fragment: string; reason: string }[];
}

export function parseRestrictionText(_text: string): ParsedRestriction {
  return { drafts: [], unparsed: [{ fragment: _text, reason: 'parser not implemented yet' }] };
}
