import { z } from 'zod';
import { SeveritySchema, type Action, type ActionType, type CheckResult, type Finding } from '../../contract/findings';
import { OVERRIDE_REASONS, overrideReasonOf, type Decision, type FindingRef } from '../../contract/decision';
import { clampMessage } from '../kinds/finding';
import { KIND_NAMES } from '../kinds/names';
import { groupByRef, refOf, type FindingGroup } from './finding-ref';
import { stableUuid } from './hash';

/** HL7 CDS Hooks 2.0 shapes: findings as cards, decisions as feedback. */

export const SOURCE_LABEL = 'Preflight 医保事前审核';
export const OVERRIDE_REASON_SYSTEM = 'urn:preflight:override-reason';
export const RULE_KIND_SYSTEM = 'urn:preflight:rule-kind';

export const CodingSchema = z.object({ system: z.string(), code: z.string(), display: z.string().optional() });

export const CardActionSchema = z.object({
  type: z.enum(['create', 'update', 'delete']),
  description: z.string(),
  /** Preflight's own action, so a client that knows Preflight can apply it without parsing text. */
  extension: z.object({ preflight: z.object({ type: z.string(), value: z.union([z.number(), z.string()]).optional(), lineId: z.string().optional() }) }).optional(),
});

export const SuggestionSchema = z.object({
  label: z.string(),
  uuid: z.string(),
  actions: z.array(CardActionSchema),
});

export const CardSchema = z.object({
  uuid: z.string(),
  summary: z.string().max(140),
  detail: z.string().optional(),
  indicator: SeveritySchema,
  source: z.object({ label: z.string(), topic: CodingSchema.optional() }),
  suggestions: z.array(SuggestionSchema).optional(),
  selectionBehavior: z.enum(['at-most-one', 'any']).optional(),
  overrideReasons: z.array(CodingSchema).optional(),
});

export const CdsResponseSchema = z.object({ cards: z.array(CardSchema) });

export const FeedbackSchema = z.object({
  card: z.string(),
  outcome: z.enum(['accepted', 'overridden']),
  acceptedSuggestions: z.array(z.object({ id: z.string() })).optional(),
  overrideReason: z.object({ reason: CodingSchema.optional(), userComment: z.string().optional() }).optional(),
  outcomeTimestamp: z.string(),
});

export type Coding = z.infer<typeof CodingSchema>;
export type CardAction = z.infer<typeof CardActionSchema>;
export type Suggestion = z.infer<typeof SuggestionSchema>;
export type Card = z.infer<typeof CardSchema>;
export type CdsResponse = z.infer<typeof CdsResponseSchema>;
export type Feedback = z.infer<typeof FeedbackSchema>;

export const OVERRIDE_REASON_CODINGS: readonly Coding[] = OVERRIDE_REASONS.map((r) => ({
  system: OVERRIDE_REASON_SYSTEM,
  code: r.code,
  display: r.display,
}));

export function cardUuid(ref: FindingRef): string {
  return stableUuid(['card', ref.orderId, ref.ruleId, ref.lineId]);
}

/** `nth` counts earlier suggestions of the same action type on the card (almost always 0). */
export function suggestionUuid(ref: FindingRef, type: ActionType, nth = 0): string {
  return stableUuid(['suggestion', ref.orderId, ref.ruleId, ref.lineId, type, String(nth)]);
}

/** Rule texts are data: keep them from turning into links, HTML or emphasis in the card's markdown. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);
}

function cardActionType(type: ActionType): CardAction['type'] {
  if (type === 'remove-line') return 'delete';
  if (type === 'add-diagnosis' || type === 'request-approval') return 'create';
  return 'update';
}

function toSuggestions(ref: FindingRef, actions: readonly Action[]): Suggestion[] {
  const seen = new Map<ActionType, number>();
  return actions.map((action) => {
    const nth = seen.get(action.type) ?? 0;
    seen.set(action.type, nth + 1);
    const where = ref.lineId === undefined ? '' : `第 ${ref.lineId} 行：`;
    const preflight: NonNullable<CardAction['extension']>['preflight'] = { type: action.type };
    if (action.value !== undefined) preflight.value = action.value;
    if (ref.lineId !== undefined) preflight.lineId = ref.lineId;
    return {
      label: action.label,
      uuid: suggestionUuid(ref, action.type, nth),
      actions: [{ type: cardActionType(action.type), description: `${where}${action.label}`, extension: { preflight } }],
    };
  });
}

function detailOf(findings: readonly Finding[]): string | undefined {
  const [primary, ...others] = findings;
  if (!primary) return undefined;
  const parts: string[] = others.map((f) => `另：${escapeMarkdown(f.message)}`);
  if (primary.detail) parts.push(escapeMarkdown(primary.detail));
  if (primary.basis) parts.push(`依据：${escapeMarkdown(primary.basis)}`);
  const amounts = findings.map((f) => f.amountAtRisk).filter((a): a is number => a !== undefined);
  if (amounts.length) parts.push(`可能不予支付金额：${Math.max(...amounts).toFixed(2)} 元`);
  return parts.length ? parts.join('\n\n') : undefined;
}

/** Actions of all the group's findings, each distinct change once. */
function actionsOf(findings: readonly Finding[]): Action[] {
  const seen = new Set<string>();
  return findings.flatMap((f) => f.actions).filter((a) => {
    const key = `${a.type}\u0000${a.value ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One card for the findings of one rule on one line; the uuid comes from that reference so feedback can name it. */
export function cardOf(packVersion: string, group: Omit<FindingGroup, 'jrId'>): Card {
  const { ref, findings } = group;
  const primary = findings[0];
  const card: Card = {
    uuid: cardUuid(ref),
    summary: clampMessage(primary.message),
    indicator: primary.severity,
    source: {
      label: `${SOURCE_LABEL} ${packVersion}`,
      topic: { system: RULE_KIND_SYSTEM, code: primary.kind, display: KIND_NAMES[primary.kind].zh },
    },
    overrideReasons: [...OVERRIDE_REASON_CODINGS],
  };
  const detail = detailOf(findings);
  if (detail !== undefined) card.detail = detail;
  const actions = actionsOf(findings);
  if (actions.length > 0) {
    card.suggestions = toSuggestions(ref, actions);
    card.selectionBehavior = 'at-most-one';
  }
  return card;
}

export function toCard(orderId: string, packVersion: string, finding: Finding): Card {
  return cardOf(packVersion, { ref: refOf(orderId, finding), findings: [finding] });
}

export function toCdsResponse(result: CheckResult): CdsResponse {
  return { cards: groupByRef(result.orderId, result.findings).map((g) => cardOf(result.packVersion, g)) };
}

/**
 * A decision as a feedback entry. Changing the order accepts the card (naming the suggestion when
 * the decision says which action was applied); continuing or ignoring overrides it.
 */
export function toFeedback(decision: Decision): Feedback {
  const ref = decision.findingRef;
  const card = cardUuid(ref);
  if (decision.decision === 'modified' || decision.decision === 'removed-line') {
    const action = decision.action ?? (decision.decision === 'removed-line' ? 'remove-line' : undefined);
    const feedback: Feedback = { card, outcome: 'accepted', outcomeTimestamp: decision.at };
    if (action !== undefined) feedback.acceptedSuggestions = [{ id: suggestionUuid(ref, action) }];
    return feedback;
  }
  const feedback: Feedback = { card, outcome: 'overridden', outcomeTimestamp: decision.at };
  const reason: NonNullable<Feedback['overrideReason']> = {};
  if (decision.reasonCode !== undefined) {
    const preset = overrideReasonOf(decision.reasonCode);
    reason.reason = { system: OVERRIDE_REASON_SYSTEM, code: preset.code, display: preset.display };
  }
  const comment = decision.reason?.trim();
  if (comment) reason.userComment = comment;
  if (reason.reason !== undefined || reason.userComment !== undefined) feedback.overrideReason = reason;
  return feedback;
}
