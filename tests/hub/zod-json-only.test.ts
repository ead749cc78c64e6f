import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { orderTo3101 } from '../../rules/interop/order-to-3101';
import { decision, findingShown, realRules, REPO_ROOT, submitCheck } from './support/events';
import { envelope, goldenScenarios } from './support/nhsa';
import { parseAll, type ParseInput } from './support/zod-json-only-cases';

/**
 * The hub server parses without zod's cycle memoizer (hub/src/zod-json-only.ts, for its garbage
 * collection). This holds it to giving the same results: the golden orders as 3101 messages,
 * malformed messages and records, parsed in a child process set up as the server is and here with
 * zod's defaults, must come out identical — values, issues and the Chinese error text.
 */

function inputs(): ParseInput {
  const golden = goldenScenarios().map(({ order }) => envelope('3101', orderTo3101(order).data));
  const first = golden[0]!;
  const data = () => structuredClone((first.input as { data: { patient_dtos: Record<string, any>[] } }).data);
  const broken = [
    { ...first, infno: 3101 },
    { ...first, infno: '' },
    { input: {} },
    (() => { const d = data(); d.patient_dtos[0]!.gend = '9'; return envelope('3101', d); })(),
    (() => { const d = data(); d.patient_dtos[0]!.fsi_encounter_dtos = []; return envelope('3101', d); })(),
    (() => { const d = data(); d.patient_dtos[0]!.fsi_encounter_dtos[0].fsi_order_dtos[0].cnt = 'many'; return envelope('3101', d); })(),
    envelope('3103', { warn_rslt_dtos: [{ jr_id: 'jr-1', dspo_way: '1', dspo_way_rea: '已告知患者' }] }),
    envelope('3103', { warn_rslt_dtos: [{ jr_id: '', dspo_way: '7' }] }),
  ];
  const rules = realRules();
  const events = [findingShown(rules[0]!, { context: { department: '心血管内科', prescriberId: 'd-1', patientKey: 'a'.repeat(64) } }), decision(rules[1]!, 'continued'), submitCheck()];
  const badEvents = [{ ...events[0], type: 'finding-shown', finding: { ruleId: '' } }, { ...events[2], outcome: 'maybe' }, [], 'text'];
  return { messages: [...golden, ...broken].map((m) => JSON.stringify(m)), events: [...events, ...badEvents].map((e) => JSON.stringify(e)) };
}

describe('parsing without the cycle memoizer', () => {
  it('is the hub server’s first import', () => {
    const main = readFileSync(path.join(REPO_ROOT, 'hub/src/main.ts'), 'utf8');
    expect(/^import\s+(?:[^'"]*from\s+)?'([^']+)'/m.exec(main)?.[1]).toBe('./zod-json-only');
  });

  it('gives the same values, issues and messages as zod’s default', () => {
    const input = inputs();
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'tests/hub/support/zod-json-only-parse.ts'], { cwd: REPO_ROOT, input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(child.stderr).toBe('');
    const out = JSON.parse(child.stdout) as { passThrough: boolean; results: ReturnType<typeof parseAll> };
    expect(out.passThrough).toBe(true);
    const here = JSON.parse(JSON.stringify(parseAll(input))) as ReturnType<typeof parseAll>;
    // Some of each: the cases are not all accepted or all refused.
    expect(here.messages.filter((m) => 'data' in m && m.data && 'data' in m.data).length).toBeGreaterThan(10);
    expect(here.messages.filter((m) => !('data' in m) || (m.data && 'issues' in m.data)).length).toBeGreaterThanOrEqual(6);
    expect(here.events.filter((e) => 'issues' in e)).toHaveLength(4);
    expect(out.results).toEqual(here);
  }, 60_000);
});
