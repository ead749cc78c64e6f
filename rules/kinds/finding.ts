import { MESSAGE_MAX, type Action, type Finding, type RuleKind, type Severity } from '../../contract/findings';
import type { OrderLine } from '../../contract/order';
import type { RuleBase } from '../pack/rule-base';

export interface FindingParts {
  message: string;
  detail?: string;
  actions?: Action[];
  severity?: Severity;
  /** Overrides the rule's kind, e.g. a quantity rule reporting a `data` gap. */
  kind?: RuleKind;
  /** Overrides the default amount (unit price × quantity of the line). */
  amountAtRisk?: number;
  relatedLineIds?: string[];
}

/** Messages must fit the contract's 140 characters; cut with an ellipsis rather than fail. */
export function clampMessage(text: string): string {
  // UTF-16 length ≥ character count, so a short string needs no splitting.
  if (text.length <= MESSAGE_MAX) return text;
  const chars = Array.from(text);
  return chars.length <= MESSAGE_MAX ? text : `${chars.slice(0, MESSAGE_MAX - 1).join('')}…`;
}

export function lineAmount(line: OrderLine | undefined): number | undefined {
  if (!line || line.price === undefined || line.quantity === undefined) return undefined;
  return Math.round(line.price * line.quantity * 100) / 100;
}

/** Builds a finding with the rule's id, severity and basis filled in. */
export function makeFinding(
  rule: Pick<RuleBase, 'id' | 'severity' | 'basis' | 'text'> & Partial<Pick<RuleBase, 'interruptive' | 'alsoBasis'>> & { kind: RuleKind },
  line: OrderLine | undefined,
  parts: FindingParts,
): Finding {
  const amount = parts.amountAtRisk ?? lineAmount(line);
  const finding: Finding = {
    ruleId: rule.id,
    kind: parts.kind ?? rule.kind,
    severity: parts.severity ?? rule.severity,
    message: clampMessage(parts.message),
    actions: parts.actions ?? [],
  };
  if (line) finding.lineId = line.id;
  const detail = parts.detail ?? rule.text;
  if (detail) finding.detail = detail;
  const bases = ruleBases(rule);
  if (bases.basis) finding.basis = bases.basis;
  if (bases.bases) finding.bases = bases.bases.slice();
  if (amount !== undefined && amount > 0) finding.amountAtRisk = amount;
  if (parts.relatedLineIds) finding.relatedLineIds = parts.relatedLineIds;
  if (rule.interruptive === false) finding.passive = true;
  return finding;
}

interface Bases {
  basis: string | undefined;
  bases: readonly string[] | undefined;
}

/**
 * A rule's own 依据, worked out once: every finding of the rule names the same. Most rules name
 * one 依据, shared by thousands of rules of a pack (a batch, a catalogue): those are remembered by
 * that text, a small table that stays in the CPU's cache, rather than rule by rule.
 */
const basesByText = new Map<string, Bases>();
const basesByRule = new WeakMap<object, Bases>();
const NO_BASES: Bases = { basis: undefined, bases: undefined };
const BY_TEXT_LIMIT = 4096;

function ruleBases(rule: Pick<RuleBase, 'basis'> & Partial<Pick<RuleBase, 'alsoBasis'>>): Bases {
  if (rule.alsoBasis === undefined || rule.alsoBasis.length === 0) {
    if (!rule.basis) return NO_BASES;
    let known = basesByText.get(rule.basis);
    if (!known) {
      if (basesByText.size >= BY_TEXT_LIMIT) basesByText.clear();
      known = { basis: rule.basis, bases: undefined };
      basesByText.set(rule.basis, known);
    }
    return known;
  }
  let known = basesByRule.get(rule);
  if (!known) {
    const distinct = distinctBases([rule.basis, ...rule.alsoBasis]);
    known = { basis: distinct.length > 0 ? distinct.join('；') : undefined, bases: distinct.length > 1 ? distinct : undefined };
    basesByRule.set(rule, known);
  }
  return known;
}

const distinctBases = (bases: readonly (string | undefined)[]): string[] => [...new Set(bases.filter((b): b is string => Boolean(b)))];

/**
 * Sets a finding's 依据 from one or more sources: `basis` always (all of them joined, for tools
 * that read only it), `bases` when there is more than one.
 */
export function setBases(finding: Finding, bases: readonly (string | undefined)[]): void {
  const distinct = distinctBases(bases);
  if (distinct.length === 0) return;
  finding.basis = distinct.join('；');
  if (distinct.length > 1) finding.bases = distinct;
  else delete finding.bases;
}

/** The 依据 a finding already names, one per source. */
export function basesOf(finding: Finding): string[] {
  return finding.bases ?? (finding.basis ? [finding.basis] : []);
}

export const selfPayAction: Action = { type: 'mark-self-pay', label: '转自费' };
export const removeLineAction: Action = { type: 'remove-line', label: '删除此行' };
export const addDiagnosisAction: Action = { type: 'add-diagnosis', label: '补录诊断' };

/** The display name of a line: the name the doctor sees, falling back to its code. */
export function lineLabel(line: OrderLine): string {
  return line.name || line.code;
}
