/** One rule of the national rule base's 2025 list (rules/data/national-rules-2025.ts). */
export interface NationalRule {
  /** Number in the 2025 rule list (1–88). */
  seq: number;
  tier1: string;
  tier2: string;
  /** The rule's name as published, e.g. 药品区分性别使用: also the rule_class of its knowledge points. */
  name: string;
  /** The 1.0 rule code the knowledge points carry (GZ…/ZB…); '' for rules new in 2025. */
  gzCode: string;
  /** NHSA published knowledge points for it. */
  knowledgePoints: boolean;
  newIn2025: boolean;
}
