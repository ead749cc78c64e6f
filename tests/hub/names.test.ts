import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryImportAnswerSchema, DirectoryListSchema, directoryTemplateCsv } from '../../contract/review/directory';
import { NamesSchema } from '../../contract/review/names';
import { DRIVERS, OPEN_TIMEOUT_MS } from './support/db';
import { startTestHub, type TestHub } from './support/hub';
import { newSigningKey, packText, signedPack, type SigningKey } from './support/packs';
import { serializeSignedPack, signPayload } from '../../rules/pack/signature';

/**
 * Names instead of ids (issue #11): rule names from every publication (kept once per
 * publication, older publications read on first use), doctors from the directory the 医保办
 * imports from a CSV (row errors named, nothing stored on any error), workstations by label.
 */
describe.each(DRIVERS)('names on %s', (driver) => {
  let h: TestHub;
  let key: SigningKey;
  const demo = JSON.parse(packText('2026.11.1')) as { rules: { id: string; name?: string; kind: string }[] };
  const [r1, r2] = demo.rules;

  beforeAll(async () => {
    key = await newSigningKey();
    h = await startTestHub(driver, { trustedKeys: [key.trusted] });
  }, OPEN_TIMEOUT_MS);
  afterAll(() => h.dispose());
  beforeEach(() => h.reset());

  const names = async (body: unknown, token = h.tokens.quality) => {
    const response = await h.call('POST', '/api/v1/names', { token, body });
    expect(response.status).toBe(200);
    return NamesSchema.parse(await response.json());
  };
  const publish = async (version: string, extra: Record<string, unknown> = {}) => {
    const response = await h.call('POST', '/api/v1/packs', { token: h.tokens['insurance-office'], body: await signedPack(version, key, extra) });
    expect(response.status, await response.clone().text()).toBe(201);
  };
  const importCsv = async (csv: string, replace = false) => {
    const response = await h.call('POST', '/api/v1/prescribers/import', { token: h.tokens['insurance-office'], body: { csv, replace } });
    return { status: response.status, answer: DirectoryImportAnswerSchema.parse(await response.json()) };
  };

  it('names the rules of the published packs, the newest publication winning', async () => {
    expect(await names({ rules: [r1!.id] })).toEqual({ rules: {}, prescribers: {}, workstations: {} });
    await publish('2026.11.1');
    expect((await names({ rules: [r1!.id, r2!.id, 'no-such-rule'] })).rules).toEqual({
      [r1!.id]: { name: r1!.name ?? null, kind: r1!.kind },
      [r2!.id]: { name: r2!.name ?? null, kind: r2!.kind },
    });
    // A later publication renames a rule: its name is the one shown from then on.
    const renamed = JSON.parse(packText('2026.11.2')) as { rules: { id: string; name?: string }[] };
    renamed.rules[0]!.name = '阿利沙坦酯片（新规格）';
    await h.call('POST', '/api/v1/packs', { token: h.tokens['insurance-office'], body: serializeSignedPack(await signPayload(JSON.stringify(renamed), key.privateJwk)) });
    expect((await names({ rules: [r1!.id] })).rules[r1!.id]!.name).toBe('阿利沙坦酯片（新规格）');
  });

  it('reads publications made before the names table on first use, oldest first', async () => {
    await publish('2026.11.1');
    await publish('2026.11.2', { description: 'second' });
    // As a hub upgraded from schema 6 has them: published, never indexed.
    await h.deps.db.exec('DELETE FROM rule_names; UPDATE packs SET names_indexed = false;');
    const got = await names({ rules: [r1!.id] });
    expect(got.rules[r1!.id]).toEqual({ name: r1!.name ?? null, kind: r1!.kind });
    const rows = await h.deps.db.query<{ pack_version: string }>('SELECT DISTINCT pack_version FROM rule_names');
    expect(rows.rows.map((r) => r.pack_version)).toEqual(['2026.11.2']);
    expect((await h.deps.db.query('SELECT 1 FROM packs WHERE NOT names_indexed')).rows).toHaveLength(0);
  });

  it('names workstations by their token label', async () => {
    const got = await names({ workstations: [h.tokenIds.workstation, h.otherWorkstation.id, '0000000000000000'] });
    expect(got.workstations).toEqual({ [h.tokenIds.workstation]: '测试-workstation', [h.otherWorkstation.id]: '门诊3诊室' });
  });

  it('imports the doctor directory from a CSV and names doctors from it', async () => {
    const csv = '\uFEFF医生编号,姓名,科室\r\nD0012,王芳,心血管内科\r\nD0034,李强,\r\n"D0056","赵敏","儿科"\r\n';
    const first = await importCsv(csv);
    expect(first).toEqual({ status: 200, answer: { stored: true, rows: 3, added: 3, updated: 0, unchanged: 0, removed: 0, errors: [] } });
    expect((await names({ prescribers: ['D0012', 'D0034', 'D9999'] })).prescribers).toEqual({
      D0012: { name: '王芳', department: '心血管内科' },
      D0034: { name: '李强', department: null },
    });
    // Again with one doctor moved and one new: counted as such; merge keeps the one not in the file.
    const second = await importCsv('工号,医生姓名,所在科室\nD0012,王芳,心内科\nD0078,孙丽,骨科\n');
    expect(second.answer).toMatchObject({ stored: true, added: 1, updated: 1, unchanged: 0, removed: 0 });
    const listed = DirectoryListSchema.parse(await (await h.call('GET', '/api/v1/prescribers', { token: h.tokens['insurance-office'] })).json());
    expect(listed.entries.map((e) => `${e.id} ${e.name} ${e.department ?? ''}`).sort()).toEqual(['D0012 王芳 心内科', 'D0034 李强 ', 'D0056 赵敏 儿科', 'D0078 孙丽 骨科']);
    const found = DirectoryListSchema.parse(await (await h.call('GET', '/api/v1/prescribers?search=%E9%AA%A8', { token: h.tokens['insurance-office'] })).json());
    expect(found.entries.map((e) => e.id)).toEqual(['D0078']);
    // Replace: the directory becomes the file.
    const replaced = await importCsv('医生编号,姓名\nD0012,王芳\n', true);
    expect(replaced.answer).toMatchObject({ stored: true, removed: 3, updated: 1 });
    expect(DirectoryListSchema.parse(await (await h.call('GET', '/api/v1/prescribers', { token: h.tokens.admin })).json()).total).toBe(1);
  });

  it('refuses a file with wrong rows, naming each by row and column, and stores nothing', async () => {
    await importCsv('医生编号,姓名,科室\nD0001,甲,内科\n');
    const csv = ['医生编号,姓名,科室', 'D0012,王芳,心血管内科', ',李强,内科', 'D0012,赵敏,儿科', `D0090,${'长'.repeat(101)},骨科`, 'D0091,,骨科', 'D\u200b0092,周,骨科'].join('\n');
    const { status, answer } = await importCsv(csv);
    expect(status).toBe(422);
    expect(answer.stored).toBe(false);
    expect(answer.errors).toEqual([
      { row: 3, column: '医生编号', message: '医生编号为空' },
      { row: 4, column: '医生编号', message: '医生编号 D0012 与第 2 行重复' },
      { row: 5, column: '姓名', message: '姓名超过 100 个字符' },
      { row: 6, column: '姓名', message: '姓名为空' },
      { row: 7, column: '医生编号', message: '医生编号中含有不可见字符或控制字符' },
    ]);
    // Nothing of the file went in; the directory is as it was.
    expect((await names({ prescribers: ['D0012', 'D0001'] }, h.tokens['insurance-office'])).prescribers).toEqual({ D0001: { name: '甲', department: '内科' } });
  });

  it('refuses the template unchanged, a file without the columns, and an empty file', async () => {
    const template = await importCsv(directoryTemplateCsv());
    expect(template.answer.errors).toEqual([{ row: 2, message: '这是模板中的示例行，请改为本院医生或删除' }]);
    const wrong = await importCsv('编码,名称\nA,B\n');
    expect(wrong.answer.errors).toEqual([{ row: 1, message: '缺少列 “医生编号”、“姓名”（模板的列名：医生编号、姓名、科室）' }]);
    expect((await importCsv('医生编号,姓名,科室\n')).answer.errors).toEqual([{ row: 2, message: '文件只有列名，没有医生' }]);
    expect((await importCsv('医生编号,姓名\n"D1,王\n')).answer.errors[0]!.message).toBe('文件格式有误：有未闭合的引号');
    expect((await h.deps.db.query('SELECT 1 FROM prescribers')).rows).toHaveLength(0);
  });
});
