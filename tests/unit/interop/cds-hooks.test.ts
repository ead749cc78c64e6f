import { describe, expect, it } from 'vitest';
import { toCard, toCdsResponse, toFeedback, cardUuid, CardSchema, FeedbackSchema, OVERRIDE_REASON_SYSTEM } from '../../../rules/interop/cds-hooks';
import { DecisionSchema, OVERRIDE_REASONS } from '../../../contract/decision';
import type { Finding } from '../../../contract/findings';
import { check, makeOrder, makePack } from '../../support/builders';

// 益母草注射液 — 两库 第三批 药品规则库（限定保险类型）: 限生育保险.
const MOTHERWORT_INJECTION = 'ZD01BAY0323010102065';
const pack = makePack(
  [
    {
      id: 'nhsa-b3-insurance-益母草注射液',
      kind: 'insurance-type',
      name: '益母草注射液',
      basis: '国家医保局两库 第三批 药品规则库（限定保险类型）',
      text: '限生育保险 [见附件](http://example.invalid)',
      match: { codes: [MOTHERWORT_INJECTION] },
      params: { allowed: ['maternity'] },
    },
  ],
  { version: '2026.11.2' },
);
const order = makeOrder({
  id: 'MD-IP-20261118-0457',
  patient: { sex: 'F', ageYears: 33 },
  encounter: { insuranceType: 'resident', visitType: 'inpatient' },
  lines: [{ id: 'R2-07', code: MOTHERWORT_INJECTION, name: '益母草注射液', quantity: 6, price: 12.5 }],
});
const result = check(pack, order);
const finding = result.findings[0]!;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const AT = '2026-11-22T09:30:00+08:00';
const ref = { orderId: order.id, ruleId: finding.ruleId, lineId: 'R2-07' };

describe('finding → CDS Hooks card', () => {
  const card = toCard(result.orderId, result.packVersion, finding);

  it('builds a valid card with indicator, source and summary', () => {
    expect(CardSchema.parse(card)).toEqual(card);
    expect(card.uuid).toMatch(UUID);
    expect(card.summary).toBe(finding.message);
    expect(card.summary).toContain('限生育保险支付');
    expect(card.indicator).toBe('warning');
    expect(card.source.label).toBe('Preflight 医保事前审核 2026.11.2');
    expect(card.source.topic).toMatchObject({ code: 'insurance-type', display: '限险种' });
  });

  it('turns the finding’s actions into suggestions with their own uuids', () => {
    expect(card.selectionBehavior).toBe('at-most-one');
    expect(card.suggestions).toEqual([
      {
        label: '转自费',
        uuid: expect.stringMatching(UUID),
        actions: [{ type: 'update', description: '第 R2-07 行：转自费', extension: { preflight: { type: 'mark-self-pay', lineId: 'R2-07' } } }],
      },
    ]);
    expect(card.suggestions![0]!.uuid).not.toBe(card.uuid);
  });

  it('offers the preset override reasons as Codings', () => {
    expect(card.overrideReasons).toHaveLength(OVERRIDE_REASONS.length);
    expect(card.overrideReasons![0]).toEqual({ system: OVERRIDE_REASON_SYSTEM, code: 'clinically-necessary', display: '临床必需且已告知患者' });
    expect(card.overrideReasons!.map((c) => c.display)).toContain('规则不适用(反馈医保办)');
  });

  it('keeps rule text from becoming markdown links, and states basis and amount', () => {
    expect(card.detail).toContain('\\[见附件\\](http://example.invalid)');
    expect(card.detail).toContain('依据：国家医保局两库 第三批');
    expect(card.detail).toContain('可能不予支付金额：75.00 元');
  });

  it('cuts a long message to 140 characters', () => {
    const long: Finding = { ...finding, message: '益母草注射液'.repeat(40) };
    const longCard = toCard(result.orderId, result.packVersion, long);
    expect(Array.from(longCard.summary)).toHaveLength(140);
    expect(longCard.summary.endsWith('…')).toBe(true);
    expect(CardSchema.safeParse(longCard).success).toBe(true);
    const exact: Finding = { ...finding, message: '药'.repeat(140) };
    expect(toCard('o', '1', exact).summary).toBe(exact.message);
  });

  it('leaves out suggestions when there is nothing to do, and gives each action type a distinct uuid', () => {
    const bare: Finding = { ruleId: 'r', kind: 'data', severity: 'info', message: '无法核对', actions: [] };
    const bareCard = toCard('o', '1', bare);
    expect(bareCard.suggestions).toBeUndefined();
    expect(bareCard.selectionBehavior).toBeUndefined();
    expect(bareCard.detail).toBeUndefined();
    const many: Finding = { ...finding, actions: [{ type: 'set-days', value: 6, label: '改为 6 天' }, { type: 'set-days', value: 3, label: '改为 3 天' }, { type: 'remove-line', label: '删除此行' }] };
    const suggestions = toCard('o', '1', many).suggestions!;
    expect(new Set(suggestions.map((s) => s.uuid)).size).toBe(3);
    expect(suggestions.map((s) => s.actions[0]!.type)).toEqual(['update', 'update', 'delete']);
    expect(suggestions[0]!.actions[0]!.extension).toEqual({ preflight: { type: 'set-days', value: 6, lineId: 'R2-07' } });
  });

  it('makes one card per finding of a result', () => {
    expect(toCdsResponse(result).cards.map((c) => c.uuid)).toEqual([card.uuid]);
    expect(toCdsResponse({ ...result, findings: [] })).toEqual({ cards: [] });
  });
});

describe('findings sharing a rule and a line → one card', () => {
  it('keeps card uuids unique, leads with the most severe and merges the suggestions', () => {
    const gap: Finding = { ruleId: finding.ruleId, kind: 'data', lineId: 'R2-07', severity: 'info', message: '益母草注射液 未填用药天数，无法核对', actions: [{ type: 'mark-self-pay', label: '转自费' }, { type: 'confirm', label: '已确认' }] };
    const { cards } = toCdsResponse({ ...result, findings: [gap, finding] });
    expect(cards).toHaveLength(1);
    expect(cards[0]!.uuid).toBe(cardUuid(ref));
    expect(cards[0]!.indicator).toBe('warning');
    expect(cards[0]!.summary).toBe(finding.message);
    expect(cards[0]!.detail).toContain(`另：${gap.message}`);
    expect(cards[0]!.suggestions!.map((s) => s.label)).toEqual(['转自费', '已确认']);
  });
});

describe('decision → CDS Hooks feedback', () => {
  const card = toCard(result.orderId, result.packVersion, finding);

  it('overrides with the preset reason as a Coding and the doctor’s comment', () => {
    const feedback = toFeedback(DecisionSchema.parse({ findingRef: ref, decision: 'continued', reasonCode: '患者同意自费', reason: '患者签署自费同意书', at: AT }));
    expect(FeedbackSchema.parse(feedback)).toEqual(feedback);
    expect(feedback).toEqual({
      card: card.uuid,
      outcome: 'overridden',
      overrideReason: { reason: { system: OVERRIDE_REASON_SYSTEM, code: 'patient-self-pay', display: '患者同意自费' }, userComment: '患者签署自费同意书' },
      outcomeTimestamp: AT,
    });
  });

  it('accepts the card and names the suggestion that was applied', () => {
    const feedback = toFeedback(DecisionSchema.parse({ findingRef: ref, decision: 'modified', action: 'mark-self-pay', at: AT }));
    expect(feedback).toEqual({ card: card.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: card.suggestions![0]!.uuid }], outcomeTimestamp: AT });
  });

  it('names the remove-line suggestion for a removed line', () => {
    const withRemove: Finding = { ...finding, actions: [...finding.actions, { type: 'remove-line', label: '删除此行' }] };
    const removeCard = toCard(order.id, '1', withRemove);
    const feedback = toFeedback(DecisionSchema.parse({ findingRef: ref, decision: 'removed-line', at: AT }));
    expect(feedback.acceptedSuggestions).toEqual([{ id: removeCard.suggestions![1]!.uuid }]);
  });

  it('overrides an ignored card without inventing a reason', () => {
    const feedback = toFeedback(DecisionSchema.parse({ findingRef: ref, decision: 'ignored', at: AT }));
    expect(feedback).toEqual({ card: cardUuid(ref), outcome: 'overridden', outcomeTimestamp: AT });
  });
});
