import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { nhsaResponseSchema, Output3103Schema } from '../../../contract/nhsa-envelope';
import { OrderSchema, type Order } from '../../../contract/order';
import { Response3101Schema } from '../../../rules/interop/nhsa3101-result';
import { serializeSignedPack, signPayload } from '../../../rules/pack/signature';
import { REPO_ROOT } from './events';
import type { SigningKey } from './packs';

/** Messages and packs for the 3101/3103 service tests. */

export const DEMO_PACK_PATH = path.join(REPO_ROOT, 'rules/packs/demo-pack.json');

let demo: (Record<string, unknown> & { rules: unknown[] }) | undefined;

function demoPack(): Record<string, unknown> & { rules: unknown[] } {
  demo ??= JSON.parse(readFileSync(DEMO_PACK_PATH, 'utf8')) as Record<string, unknown> & { rules: unknown[] };
  return demo;
}

/** The committed demo pack (all its rules, or those `select` keeps), signed under `version`. */
export async function signedDemoPack(version: string, key: SigningKey, select: (rule: { id: string }) => boolean = () => true): Promise<string> {
  const pack = demoPack();
  const rules = (pack.rules as { id: string }[]).filter(select);
  return serializeSignedPack(await signPayload(JSON.stringify({ ...pack, version, rules }), key.privateJwk));
}

let sequence = 0;

/** A national message id: 定点医药机构编号 (12) + yyyyMMddHHmmss + 4-digit sequence. */
export function msgid(): string {
  sequence = (sequence + 1) % 10_000;
  return `H11010500001${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}${String(sequence).padStart(4, '0')}`;
}

/** The envelope a HIS sends, around `data`. */
export function envelope(infno: '3101' | '3102' | '3103', data: unknown, id: string | undefined = msgid()): Record<string, unknown> {
  return {
    infno,
    ...(id === undefined ? {} : { msgid: id }),
    mdtrtarea_admvs: '110105',
    insuplc_admdvs: '110105',
    recer_sys_code: 'PREFLIGHT',
    dev_no: null,
    dev_safe_info: null,
    cainfo: null,
    signtype: null,
    infver: 'V1.0',
    opter_type: '1',
    opter: 'D1101050021',
    opter_name: '（已脱敏）',
    inf_time: '2026-11-22 09:30:00',
    fixmedins_code: 'H11010500001',
    fixmedins_name: '示例市第一人民医院',
    sign_no: '',
    input: { data },
  };
}

export const Answer3101Schema = nhsaResponseSchema(Response3101Schema.shape.output);
export const Answer3103Schema = nhsaResponseSchema(Output3103Schema);
export type Answer3101 = z.infer<typeof Answer3101Schema>;

export interface GoldenScenario {
  file: string;
  title: string;
  order: Order;
}

/** The golden orders (tests/golden/orders), parsed as the golden suite parses them. */
export function goldenScenarios(): GoldenScenario[] {
  const dir = path.join(REPO_ROOT, 'tests/golden/orders');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const raw = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { title: string; order: unknown };
      return { file, title: raw.title, order: OrderSchema.parse(raw.order) };
    });
}

/** The committed 3101 request fixture of the interop tests: two patients, history, a 出院带药 line. */
export function fixtureRequest(): { input: { data: Record<string, unknown> } } {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'tests/unit/interop/fixtures/nhsa3101-request.json'), 'utf8')) as {
    input: { data: Record<string, unknown> };
  };
}
