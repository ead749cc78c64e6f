import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProfileTest } from '../../scripts/profile-test';

/** `preflight profile test PROFILE.json PAGE.html` on the legacy demo page and its built-in profile. */

const REPO = path.resolve(__dirname, '../..');
const PROFILE = readFileSync(path.join(REPO, 'adapters/profiles/demo-legacy.json'), 'utf8');
const PAGE = readFileSync(path.join(REPO, 'demo/emr/legacy-his.html'), 'utf8');

async function run(argv: string[], files: { profile?: string; page?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    readFile: async (file: string) => (file.endsWith('.json') ? (files.profile ?? PROFILE) : (files.page ?? PAGE)),
    out: (text: string) => void out.push(text),
    err: (text: string) => void err.push(text),
  };
  const code = await runProfileTest(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const args = ['profile', 'test', 'demo-legacy.json', 'legacy-his.html'];

describe('preflight profile test', () => {
  it('prints the order a page gives through the profile, and no problems', async () => {
    const { code, out } = await run(args);
    expect(code).toBe(0);
    expect(out).toContain('result: the page fits the profile');
    expect(out).toContain('problems: none');
    expect(out).toContain('"code": "C61.x00"');
    expect(out).toContain('"sex": "M"');
  });

  it('names a renamed optional column as unread and still fits', async () => {
    const { code, out } = await run(args, { page: PAGE.replace('<th>频次</th>', '<th>用药频次</th>') });
    expect(code).toBe(0);
    expect(out).toContain('unread: 频次');
    expect(out).toContain('warning column-missing: 频次：表头中没有「频次」列，页面可能已改版  (lines.frequency)');
  });

  it('says 页面适配失效 and exits 1 when the code column is gone', async () => {
    const { code, out } = await run(args, { page: PAGE.replace('<th>医保编码</th>', '<th>国家编码</th>') });
    expect(code).toBe(1);
    expect(out).toContain('result: 页面适配失效');
    expect(out).toContain('ERROR   column-missing: 医保编码：表头中没有「医保编码」列');
  });

  it('refuses a profile with a pattern that could hang the page, with the reason', async () => {
    const bad = PROFILE.replace('(?<name>.+?)', '(?<name>(.+)+)');
    const { code, err } = await run(args, { profile: bad });
    expect(code).toBe(2);
    expect(err).toContain('is not a valid site profile');
    expect(err).toMatch(/diagnoses\.list\.transform\.1\.each\.0\.pattern: 模式「.*」不能使用：/);
  });

  it('prints JSON with --json', async () => {
    const { code, out } = await run([...args, '--json', '--today', '2026-11-22']);
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { fits: boolean; order: { encounter: { diagnoses: unknown[] } } };
    expect(parsed.fits).toBe(true);
    expect(parsed.order.encounter.diagnoses).toHaveLength(2);
  });

  it('reads fields placed in another frame from that frame’s saved page (--frame)', async () => {
    const up = '/frames-patient.html';
    const profile = {
      profileVersion: 1,
      id: 'frames-his',
      name: '框架版',
      match: { urls: ['http://127.0.0.1/*'], paths: ['/frames-orders.html'] },
      frames: true,
      patient: { sex: { label: '性别', within: '#ptBar', transform: ['sex'], frame: up } },
      encounter: { visitType: { value: 'inpatient' } },
      diagnoses: { within: '#dxTags', rows: 'li.fh-tag', code: { css: '.dx-code' }, frame: up },
      orders: { table: '#orderGrid', rows: 'tr.og-row', headerRow: 'tr.og-head', fields: { code: { column: '医保编码' }, name: { column: '医嘱名称' } } },
    };
    const files: Record<string, string> = {
      'frames.json': JSON.stringify(profile),
      'orders.html': readFileSync(path.join(REPO, 'demo/emr/frames-orders.html'), 'utf8'),
      'patient.html': readFileSync(path.join(REPO, 'demo/emr/frames-patient.html'), 'utf8'),
    };
    const runWith = async (argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runProfileTest(argv, { readFile: async (f) => files[f]!, out: (t) => void out.push(t), err: (t) => void err.push(t) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const alone = await runWith(['profile', 'test', 'frames.json', 'orders.html']);
    expect(alone.code).toBe(0);
    expect(alone.out).toContain(`frames: fields placed in ${up} were looked for in this page`);
    expect(alone.out).toContain('unread: 诊断、性别');
    // Its rows carry no id and the profile names no key: said so.
    expect(alone.out).toContain('rows: numbered by position');
    const both = await runWith(['profile', 'test', 'frames.json', 'orders.html', '--frame', `${up}=patient.html`]);
    expect(both.code).toBe(0);
    expect(both.out).not.toContain('frames:');
    expect(both.out).toContain('"sex": "M"');
    expect(both.out).toContain('"code": "N40.x00"');
    expect((await runWith(['profile', 'test', 'frames.json', 'orders.html', '--frame', 'patient.html'])).code).toBe(2);
    expect((await run(args)).out).not.toContain('rows:');
  });

  it('explains its usage', async () => {
    expect((await run(['profile', 'test', 'only-one.json'])).err).toContain('usage: preflight profile test');
    expect((await run(['profile', 'lint'])).code).toBe(2);
  });
});
