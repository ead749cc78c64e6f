import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTrialInput, runTrial } from '../../../components/options/trial-run';
import { BUILTIN_EXAMPLES } from '../../../entrypoints/options/examples';
import { RuleStoreDb } from '../../../rules/store/db';
import { startRuleStore } from '../../../rules/store/start';
import { saveRule, setRuleEnabled, workingPack } from '../../../rules/store/working-set';
import { DEMO_PACK_TEXT } from '../store/support';

interface Golden {
  title: string;
  order: unknown;
  expect: { kind: string; lineId: string; ruleId?: string; severity?: string }[];
}

const golden = (name: string): Golden =>
  JSON.parse(readFileSync(path.resolve(__dirname, '../../golden/orders', `${name}.json`), 'utf8')) as Golden;

const db = new RuleStoreDb(`trial-${crypto.randomUUID()}`);
beforeAll(async () => {
  await startRuleStore(db, DEMO_PACK_TEXT);
  return async () => {
    await db.delete();
  };
}, 60_000);

function orderOf(text: string) {
  const input = parseTrialInput(text);
  if (!input.ok) throw new Error(JSON.stringify(input.errors));
  return input.orders;
}

describe('试算 against the working rule set', () => {
  it('finds what the golden order expects, each finding with the rule that made it', async () => {
    const scenario = golden('sex-apalutamide-woman');
    const run = runTrial(await workingPack(db, '工作副本'), orderOf(JSON.stringify(scenario.order)));
    const [only] = run.orders;
    const got = only!.findings.map(({ finding, rule }) => ({ kind: finding.kind, lineId: finding.lineId, ruleId: rule?.id, severity: finding.severity }));
    expect(got).toEqual(scenario.expect.map(({ kind, lineId, ruleId, severity }) => ({ kind, lineId, ruleId, severity })));
    expect(only!.findings[0]!.rule!.name).toBe('阿帕他胺片');
    expect(run.ruleCount).toBeGreaterThan(2000);
    expect(run.evaluateMs).toBeGreaterThanOrEqual(0);
  });

  it('checks 医用耗材 with the rules of the lists: the built-in 留置针 example gives its golden finding', async () => {
    const scenario = golden('consumable-quantity-cannula-three-a-day');
    const example = BUILTIN_EXAMPLES.find((e) => e.id === 'golden-consumable-quantity-cannula-three-a-day')!;
    expect(JSON.parse(example.input)).toEqual(scenario.order);
    const run = runTrial(await workingPack(db, '工作副本'), orderOf(example.input));
    const got = run.orders[0]!.findings.map(({ finding, rule }) => ({ kind: finding.kind, lineId: finding.lineId, ruleId: rule?.id, severity: finding.severity }));
    expect(got).toEqual(scenario.expect.map(({ kind, lineId, ruleId, severity }) => ({ kind, lineId, ruleId, severity })));
    expect(run.orders[0]!.findings[0]!.rule!.name).toBe('一次性使用静脉留置针');
  });

  it('sees unpublished edits: a disabled rule stops, a severity change shows', async () => {
    const scenario = golden('sex-apalutamide-woman');
    const orders = orderOf(JSON.stringify(scenario.order));
    await setRuleEnabled(db, 'nhsa-r67-sex-阿帕他胺片', false);
    const rule = (await db.rules.get('cat-indication-阿帕他胺片'))!.rule;
    await saveRule(db, { ...rule, severity: 'critical' }, { mode: 'update' });
    const run = runTrial(await workingPack(db, '工作副本'), orders);
    expect(run.orders[0]!.findings.map((f) => [f.finding.ruleId, f.finding.severity])).toEqual([['cat-indication-阿帕他胺片', 'critical']]);
    await setRuleEnabled(db, 'nhsa-r67-sex-阿帕他胺片', true);
    await saveRule(db, rule, { mode: 'update' });
  });

  it('runs every built-in example, the 3101 request included', async () => {
    const pack = await workingPack(db, '工作副本');
    for (const example of BUILTIN_EXAMPLES) {
      const input = parseTrialInput(example.input);
      expect(input.ok, example.name).toBe(true);
      if (!input.ok) continue;
      const run = runTrial(pack, input.orders);
      expect(run.orders.length).toBe(input.orders.length);
    }
    const request = parseTrialInput(BUILTIN_EXAMPLES.find((e) => e.id === 'nhsa3101-request')!.input);
    expect(request.ok && request.format).toBe('3101');
    expect(request.ok && request.orders.length).toBeGreaterThan(1);
  });
});

describe('reading the pasted input', () => {
  it('says where an order is wrong', () => {
    const order = golden('sex-apalutamide-woman').order as { lines: { code?: string }[] };
    const broken = structuredClone(order);
    delete broken.lines[0]!.code;
    const result = parseTrialInput(JSON.stringify(broken));
    expect(result.ok === false && result.errors.map((e) => e.path)).toEqual(['lines[0].code']);
    const inArray = parseTrialInput(JSON.stringify([order, broken]));
    expect(inArray.ok === false && inArray.errors.map((e) => e.path)).toEqual(['[1].lines[0].code']);
  });

  it('refuses text that is not JSON, and empty input', () => {
    expect(parseTrialInput('{lines: [')).toMatchObject({ ok: false, errors: [{ path: '(root)' }] });
    expect(parseTrialInput('  ')).toMatchObject({ ok: false, errors: [{ path: '(root)' }] });
  });

  it('accepts a saved example with its title beside the order', () => {
    const scenario = golden('clean-bph-visit');
    const result = parseTrialInput(JSON.stringify({ title: scenario.title, order: scenario.order }));
    expect(result.ok && result.orders[0]!.id).toBe((scenario.order as { id: string }).id);
  });
});
