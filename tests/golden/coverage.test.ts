/**
 * The README's coverage table of the 88 national rules (section “Coverage of the 88 national
 * rules”): one row per rule of the 2025 catalogue, in order, with an honest status; a row that
 * says a kind checks the rule at order time needs active golden orders expecting that kind.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NATIONAL_RULES_2025 } from '../../rules/data/national-rules-2025';
import { RULE_KINDS } from '../../contract/findings';

const ROOT = path.resolve(__dirname, '../..');
const STATUSES = ['checked', 'history', 'not yet', 'out of scope'] as const;

interface Row {
  seq: number;
  name: string;
  status: string;
  kind: string | undefined;
  knowledge: string;
}

function coverageRows(): Row[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('### Coverage of the 88 national rules');
  expect(start, 'README section “Coverage of the 88 national rules”').toBeGreaterThan(-1);
  const lines = readme.slice(start).split('\n');
  const table = lines.slice(lines.findIndex((l) => l.startsWith('| no.')) + 2);
  const rows: Row[] = [];
  for (const line of table) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const kind = /^`([a-z-]+)`$/.exec(cells[3] ?? '')?.[1];
    rows.push({ seq: Number(cells[0]), name: cells[1]!, status: cells[2]!, kind, knowledge: cells[4] ?? '' });
  }
  return rows;
}

/** Expectations of golden orders that are not marked knownIssue. */
function activeExpectations(): { kind: string; ruleId?: string }[] {
  const dir = path.join(__dirname, 'orders');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((file) => {
      const scenario = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { knownIssue?: string; expect: { kind: string; ruleId?: string }[] };
      return scenario.knownIssue ? [] : scenario.expect;
    });
}

/** The demo pack's rule ids by the national rule class their source names. */
function demoRulesByClass(): Map<string, Set<string>> {
  const pack = JSON.parse(readFileSync(path.join(ROOT, 'rules/packs/demo-pack.json'), 'utf8')) as { rules: { id: string; source?: { ruleClass?: string } }[] };
  const byClass = new Map<string, Set<string>>();
  for (const rule of pack.rules) {
    const ruleClass = rule.source?.ruleClass;
    if (ruleClass) byClass.set(ruleClass, (byClass.get(ruleClass) ?? new Set()).add(rule.id));
  }
  return byClass;
}

/** Kinds expected by golden orders that are not marked knownIssue. */
function exercisedKinds(): Set<string> {
  const dir = path.join(__dirname, 'orders');
  const kinds = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const scenario = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { knownIssue?: string; expect: { kind: string }[] };
    if (scenario.knownIssue) continue;
    for (const e of scenario.expect) kinds.add(e.kind);
  }
  return kinds;
}

describe('README coverage table of the national rule base', () => {
  const rows = coverageRows();

  it('has one row per catalogue rule, in order, under its published name', () => {
    expect(rows.map((r) => [r.seq, r.name])).toEqual(NATIONAL_RULES_2025.map((r) => [r.seq, r.name]));
  });

  it('gives every row a status, a kind exactly when checked, and says where the knowledge comes from', () => {
    for (const row of rows) {
      expect(STATUSES, `no. ${row.seq}`).toContain(row.status);
      expect(row.kind !== undefined, `no. ${row.seq}: a kind exactly when checked`).toBe(row.status === 'checked');
      if (row.kind) expect(RULE_KINDS, `no. ${row.seq}`).toContain(row.kind);
      expect(row.knowledge, `no. ${row.seq}`).not.toBe('');
    }
  });

  it('where the demo pack carries rules of a row’s own class, has a golden order expecting one of them, of the row’s kind', () => {
    // A kind shared by several rows (age: 限儿童, 儿童禁用, 老年人用药) is not enough: each row's own
    // knowledge (a batch, a hospital list) must be exercised.
    const byClass = demoRulesByClass();
    const expectations = activeExpectations();
    for (const row of rows.filter((r) => r.kind && byClass.has(r.name))) {
      const ids = byClass.get(row.name)!;
      const hit = expectations.some((e) => e.ruleId !== undefined && ids.has(e.ruleId) && e.kind === row.kind);
      expect(hit, `no. ${row.seq} ${row.name}: no golden order expects a finding of kind ${row.kind} from its demo pack rules`).toBe(true);
    }
  });

  it('claims a kind only where active golden orders expect that kind', () => {
    const exercised = exercisedKinds();
    for (const row of rows.filter((r) => r.kind)) expect(exercised.has(row.kind!), `no. ${row.seq} ${row.name}: no golden order of ${row.kind}`).toBe(true);
  });
});
