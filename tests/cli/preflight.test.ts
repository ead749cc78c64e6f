import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckResultSchema } from '../../contract/findings';
import { Response3101Schema } from '../../rules/interop/nhsa3101-result';
import { CdsResponseSchema } from '../../rules/interop/cds-hooks';
import { REQUEST_3101_PATH, TEST_PACK_PATH } from '../unit/interop/fixtures';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/preflight.mjs');
const DEMO_PACK = path.join(ROOT, 'rules/packs/demo-pack.json');
const dir = mkdtempSync(path.join(tmpdir(), 'preflight-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real bin with the Node running the tests (the pinned one), asynchronously so tests can overlap. */
function run(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

// 益母草注射液 (两库 第三批: 限生育保险) for a resident; 益母草颗粒 (第一批: 限女性) for a woman.
const order = (id: string, insuranceType = 'resident') => ({
  id,
  patient: { key: 'p-cli', sex: 'F', birthDate: '1993-04-15' },
  encounter: { date: '2026-11-22', visitType: 'inpatient', insuranceType, diagnoses: [{ code: 'O72.101', name: '产后即时出血', primary: true }] },
  lines: [
    { id: '1', code: 'ZD01BAY0323010102065', name: '益母草注射液', kind: 'drug', quantity: 6, price: 12.5 },
    { id: '2', code: 'ZD01BAY0318010100281', name: '益母草颗粒', kind: 'drug', quantity: 3, price: 18 },
  ],
});
const PACK = ['--pack', TEST_PACK_PATH];
const ndjson = (text: string): unknown[] => text.trim().split('\n').map((l) => JSON.parse(l));

describe('preflight check', () => {
  it('prints one pretty CheckResult for one order', async () => {
    const r = await run(['check', file('one.json', JSON.stringify(order('rx-1'))), ...PACK]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').length).toBeGreaterThan(5);
    const result = CheckResultSchema.parse(JSON.parse(r.stdout));
    expect(result).toMatchObject({ orderId: 'rx-1', packVersion: '2026.11.1' });
    expect(result.findings.map((f) => [f.ruleId, f.lineId, f.amountAtRisk])).toEqual([['nhsa-b3-insurance-益母草注射液', '1', 75]]);
  });

  it('prints NDJSON for an array of orders, with or without findings', async () => {
    const r = await run(['check', file('two.json', JSON.stringify([order('rx-1'), order('rx-2', 'maternity')])), ...PACK]);
    expect(r.code).toBe(0);
    const results = ndjson(r.stdout).map((x) => CheckResultSchema.parse(x));
    expect(results.map((x) => [x.orderId, x.findings.length])).toEqual([['rx-1', 1], ['rx-2', 0]]);
  });

  it('reads NDJSON from a file and from standard input', async () => {
    const text = `${JSON.stringify(order('rx-1'))}\n${JSON.stringify(order('rx-2'))}\n${JSON.stringify(order('rx-3', 'maternity'))}\n`;
    const fromFile = await run(['check', file('orders.ndjson', text), ...PACK]);
    const fromStdin = await run(['check', '-', ...PACK], text);
    expect(fromFile.code).toBe(0);
    expect(fromStdin.code).toBe(0);
    const ids = (out: string) => ndjson(out).map((x) => CheckResultSchema.parse(x)).map((x) => [x.orderId, x.findings.length]);
    expect(ids(fromFile.stdout)).toEqual([['rx-1', 1], ['rx-2', 1], ['rx-3', 0]]);
    expect(ids(fromStdin.stdout)).toEqual(ids(fromFile.stdout));
  });

  it('converts a 3101 request and says on stderr what 3101 could not tell', async () => {
    const r = await run(['check', REQUEST_3101_PATH, ...PACK]);
    expect(r.code).toBe(0);
    const results = ndjson(r.stdout).map((x) => CheckResultSchema.parse(x));
    expect(results.map((x) => [x.orderId, x.findings.map((f) => f.lineId)])).toEqual([
      ['MD-OP-20261122-0101', ['R1-02']],
      ['MD-IP-20261118-0457', ['R2-07']],
      ['MD-IP-20261118-0457-dscg', []],
    ]);
    expect(r.stderr).toContain('note: MD-IP-20261118-0457: 全部药品明细无用药天数(prd_days)');
  });

  it('answers a 3101 request with one 3101 response', async () => {
    const r = await run(['check', REQUEST_3101_PATH, ...PACK, '--format', '3101']);
    expect(r.code).toBe(0);
    const response = Response3101Schema.parse(JSON.parse(r.stdout));
    expect(response.output.result.map((x) => [x.patn_id, x.mdtrt_id, x.rule_name, x.judge_result_detail_dtos[0]!.rx_id])).toEqual([
      ['110101195803070011', 'MD-OP-20261122-0101', '限性别：尿妊娠试验', 'R1-02'],
      ['32010219930415262X', 'MD-IP-20261118-0457', '限险种：益母草注射液', 'R2-07'],
    ]);
  });

  it('prints CDS Hooks cards per order', async () => {
    const r = await run(['check', file('cds.json', JSON.stringify(order('rx-1'))), ...PACK, '--format=cds-hooks']);
    expect(r.code).toBe(0);
    const { cards } = CdsResponseSchema.parse(JSON.parse(r.stdout));
    expect(cards.map((c) => [c.indicator, c.source.label])).toEqual([['warning', 'Preflight 医保事前审核 2026.11.1']]);
    expect(cards[0]!.summary).toContain('益母草注射液');
  });

  it('uses the built-in demo pack by default, or warns and checks with an empty pack until it exists', async () => {
    const r = await run(['check', file('default.json', JSON.stringify(order('rx-1')))]);
    expect(r.code).toBe(0);
    const result = CheckResultSchema.parse(JSON.parse(r.stdout));
    if (existsSync(DEMO_PACK)) {
      expect(result.packVersion).toBe(JSON.parse(readFileSync(DEMO_PACK, 'utf8')).version);
      expect(r.stderr).not.toContain('demo pack');
    } else {
      expect(result).toMatchObject({ packVersion: '0', findings: [] });
      expect(r.stderr).toContain('warning: built-in demo pack');
    }
  });
});

describe('preflight check: invalid input', () => {
  const bad = { ...order('rx-bad'), lines: [{ id: '1', code: '', quantity: 1 }] };

  it('names the bad field of an order and prints nothing on stdout', async () => {
    const r = await run(['check', file('bad.json', JSON.stringify(bad)), ...PACK]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^lines\[0\]\.code: /m);
  });

  it('names the NDJSON line of the bad order', async () => {
    const text = [order('rx-1'), order('rx-2'), bad].map((o) => JSON.stringify(o)).join('\n');
    const r = await run(['check', file('bad.ndjson', text), ...PACK]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^line 3: lines\[0\]\.code: /m);
  });

  it('names the bad field of a 3101 request', async () => {
    const raw = JSON.parse(readFileSync(REQUEST_3101_PATH, 'utf8'));
    raw.input.data.patient_dtos[1].fsi_encounter_dtos[0].fsi_order_dtos[1].pric = 'abc';
    const r = await run(['check', file('bad3101.json', JSON.stringify(raw)), ...PACK]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('input.data.patient_dtos[1].fsi_encounter_dtos[0].fsi_order_dtos[1].pric: expected a number');
  });

  it('rejects malformed JSON', async () => {
    const r = await run(['check', file('broken.json', '{"id": "rx-1", "lines": ['), ...PACK]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^not valid JSON: /);
  });

  it('rejects a malformed pack, naming the pack field', async () => {
    const pack = JSON.parse(readFileSync(TEST_PACK_PATH, 'utf8'));
    pack.rules[0].params.allowed = 'X';
    const packFile = file('bad-pack.json', JSON.stringify(pack));
    const r = await run(['check', file('ok.json', JSON.stringify(order('rx-1'))), '--pack', packFile]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`pack ${packFile}: rules[0].params.allowed: `);
  });

  it('reports a missing input or pack file', async () => {
    expect(await run(['check', path.join(dir, 'nope.json'), ...PACK])).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file') });
    const r = await run(['check', file('ok2.json', JSON.stringify(order('rx-1'))), '--pack', path.join(dir, 'nope-pack.json')]);
    expect(r).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read pack') });
  });
});

describe('preflight pack validate, help and usage', () => {
  it('summarises a valid pack by kind', async () => {
    const r = await run(['pack', 'validate', TEST_PACK_PATH]);
    expect(r).toMatchObject({ code: 0, stdout: 'ok: interop-test 2026.11.1, 4 rules (by kind: sex 3, insurance-type 1)\n' });
  });

  it('lists the field paths of an invalid pack', async () => {
    const pack = JSON.parse(readFileSync(TEST_PACK_PATH, 'utf8'));
    pack.version = 'v2';
    delete pack.rules[3].match;
    const r = await run(['pack', 'validate', file('invalid-pack.json', JSON.stringify(pack))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(': version: ');
    expect(r.stderr).toContain(': rules[3].match: ');
  });

  it('prints usage for --help (exit 0) and for an unknown command (exit 2)', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('preflight check <file|->');
    const unknown = await run(['lint']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command: lint');
    expect(unknown.stderr).toContain('usage:');
  });
});
