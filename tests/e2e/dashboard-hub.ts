import { serve, type ServerType } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '../../contract/roles';
import { createToken } from '../../hub/src/auth/tokens';
import type { Db } from '../../hub/src/db/db';
import { migrate } from '../../hub/src/db/migrate';
import { openPglite } from '../../hub/src/db/pglite';
import type { UploadedEvent } from '../../contract/upload-batch';
import { openSigningKeys } from '../../hub/src/packs/signing-key';
import type { KeyRingView } from '../../contract/pack-publish';
import { createApp } from '../../hub/src/http/app';
import type { HubDeps } from '../../hub/src/http/env';
import { OVERRIDE_REASONS } from '../../contract/decision';
import { dayOf } from '../../contract/review/zoned-time';
import { realRules, type RealRule } from '../hub/support/events';
import { pgliteTemplate } from '../hub/support/pglite-template';
import { goldenPrescriptions, patientDigest, prescriptionEvents, type Story } from '../hub/support/prescriptions';
import { KIND_NAMES } from '../../rules/kinds/names';
import { publishDraft } from '../../hub/src/packs/hub-publish';
import type { FlagEvent } from '../../contract/flag-event';

/**
 * A real hub for the dashboard's browser test: PGlite in a temporary folder, listening on a free
 * loopback port, serving the built dashboard, filled through its own API with a few hundred flag
 * events about real rules of the demo pack (two workstations, five departments, six doctors over
 * the last two weeks). Two rules are made to stand out: one doctors override most of the time,
 * one that 质控 has mostly judged 误报.
 *
 *   npx tsx tests/e2e/dashboard-hub.ts   # the same hub to look at by hand; prints the tokens
 */

export const TIME_ZONE = 'Asia/Shanghai';
export const DEPARTMENTS = ['心血管内科', '呼吸内科', '儿科', '内分泌科', '骨科'] as const;
/** Doctors by the ids HIS pages write ("Practitioner/pr-3307", "1024"): the directory the 医保办 imports names them. */
export const DIRECTORY: readonly { id: string; name: string; department: string }[] = [
  { id: 'D0012', name: '王建国', department: '心血管内科' },
  { id: 'D0034', name: '李秀英', department: '呼吸内科' },
  { id: 'Practitioner/pr-3307', name: '张伟', department: '儿科' },
  { id: '1024', name: '刘洋', department: '内分泌科' },
  { id: 'D0090', name: '陈静', department: '骨科' },
  { id: 'D0112', name: '杨帆', department: '心血管内科' },
];
const FREE_TEXT_REASON = '患者病情需要，已签署知情同意书';

export interface SeededHub {
  base: string;
  /** The public key the hub signs packs with: what a workstation must trust. */
  signingKey: KeyRingView['current'];
  tokens: Record<Exclude<Role, 'workstation'>, string>;
  /** The two workstations' upload tokens (门诊3诊室, 门诊5诊室), for a real extension to send with. */
  workstationTokens: string[];
  /** The rule doctors continue past most of the time (override-high). */
  overriddenRule: RealRule;
  /** The rule whose reviewed events are mostly 误报 (false-positive-high). */
  falsePositiveRule: RealRule;
  /** The first and last seeded day, in the hospital zone. */
  days: { first: string; last: string };
  /** Whole prescriptions checked by the real engine (golden orders), the newest in the list. */
  prescriptions: { orderId: string; story: Story; title: string }[];
  eventCount: number;
  close(): Promise<void>;
}

/** Deterministic numbers, so every run seeds the same story. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Seeded {
  events: UploadedEvent[][];
  falsePositiveDecisions: string[];
  otherDecisions: string[];
}

function seedEvents(rules: RealRule[], now: Date): Seeded {
  const random = lcg(20261122);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const [overridden, falsePositive] = rules;
  const perWorkstation: UploadedEvent[][] = [[], []];
  const falsePositiveDecisions: string[] = [];
  const otherDecisions: string[] = [];
  for (let order = 0; order < 140; order++) {
    const rule = order < 30 ? overridden! : order < 50 ? falsePositive! : pick(rules.slice(2));
    const at = new Date(now.getTime() - Math.floor(random() * 14 * 86_400_000) - 3_600_000);
    const workstation = order % 2;
    const orderId = `rx-${dayOf(at, TIME_ZONE).replace(/-/g, '')}-${String(order).padStart(3, '0')}`;
    const doctor = pick(DIRECTORY);
    const context = { department: doctor.department, prescriberId: doctor.id };
    const base = {
      sessionId: `sess-${workstation}-${order % 9}`,
      profileId: 'his-demo',
      page: 'https://his.example.cn/outpatient/order',
      packVersion: '2026.11.1',
      orderId,
      context,
    };
    const severity = rule.kind === 'sex' || rule.kind === 'age' ? ('critical' as const) : ('warning' as const);
    const lineId = `l${1 + (order % 4)}`;
    const finding = {
      ruleId: rule.id,
      kind: rule.kind,
      severity,
      lineId,
      lineCode: rule.code,
      amountAtRisk: Math.round(random() * 30000) / 100,
      message: `${rule.name}：${KIND_NAMES[rule.kind].zh}，请核对`,
      basis: '国家医保药品目录（2025年）限定支付范围',
    };
    // The order as the page showed it: the flagged drug among the lines, with a diagnosis.
    const summary = {
      lines: [
        { id: lineId, code: rule.code, name: rule.name, quantity: 2, unit: '盒', days: 7, frequency: 'bid' },
        { id: 'l9', code: 'XA02BCA211A001010104182', name: '奥美拉唑肠溶胶囊', spec: '20mg*14粒', quantity: 1, unit: '盒', days: 7, frequency: 'qd' },
      ],
      diagnoses: [{ code: 'I10.x00x002', name: '高血压', primary: true }],
    };
    const shownId = `e2e-${order}-shown-${randomBytes(3).toString('hex')}`;
    perWorkstation[workstation]!.push({
      ...base,
      id: shownId,
      at: at.toISOString(),
      type: 'finding-shown',
      finding,
      mode: 'interruptive',
      timings: { extractMs: 1.4, engineMs: 0.8, renderMs: 3.2, totalMs: 5.4 },
      order: summary,
    });
    const decidedAt = new Date(at.getTime() + 40_000).toISOString();
    const roll = random();
    const continued = rule === overridden ? roll < 0.75 : roll < 0.25;
    const kind = continued ? 'continued' : roll < 0.8 ? 'modified' : roll < 0.9 ? 'removed-line' : 'ignored';
    const preset = order % 7 === 3 ? undefined : pick(OVERRIDE_REASONS).display;
    const decisionId = `e2e-${order}-decision-${randomBytes(3).toString('hex')}`;
    perWorkstation[workstation]!.push({
      ...base,
      id: decisionId,
      at: decidedAt,
      type: 'decision',
      finding,
      decision: {
        findingRef: { orderId, ruleId: rule.id, lineId: finding.lineId },
        decision: kind,
        ...(kind === 'continued' ? (preset ? { reason: preset, reasonCode: preset } : { reason: FREE_TEXT_REASON }) : {}),
        at: decidedAt,
      },
    });
    // The submission as the extension logs it: a 继续提交 comes out of the pre-submit review (held,
    // then continued); a correction while writing is followed by a clean submission.
    const submitted = (offsetMs: number, outcome: 'review' | 'clean'): UploadedEvent => ({
      ...base,
      id: `e2e-${order}-submit-${outcome}-${randomBytes(3).toString('hex')}`,
      at: new Date(at.getTime() + offsetMs).toISOString(),
      type: 'submit-check',
      outcome,
      waitedMs: 14,
      order: summary,
    });
    if (kind === 'continued') {
      perWorkstation[workstation]!.push(submitted(30_000, 'review'), {
        ...base,
        id: `e2e-${order}-review-${randomBytes(3).toString('hex')}`,
        at: new Date(at.getTime() + 41_000).toISOString(),
        type: 'review',
        outcome: 'continued',
        findingCount: 1,
      });
    } else if (order % 5 !== 4) {
      perWorkstation[workstation]!.push(submitted(45_000, 'clean'));
    }
    (rule === falsePositive ? falsePositiveDecisions : otherDecisions).push(decisionId);
  }
  return { events: perWorkstation, falsePositiveDecisions, otherDecisions };
}

/**
 * Golden orders checked by the real engine with the demo pack, each as a workstation logs it while
 * the doctor works through it, in the last hour: the prescriptions the 质控 opens first.
 */
function seedPrescriptions(now: Date): { events: FlagEvent[]; seeded: SeededHub['prescriptions'] } {
  const stories: Story[] = ['continued', 'returned', 'corrected', 'continued', 'not-submitted', 'continued'];
  const all = goldenPrescriptions().filter((p) => p.findings.some((f) => f.basis) && p.order.encounter.diagnoses.length > 0);
  // Varied: a prescription with several findings first, then one per kind of check.
  const first = all.find((p) => p.findings.length >= 2 && p.order.lines.length >= 3) ?? all.find((p) => p.findings.length >= 3)!;
  const picked = [first, ...all.filter((p, i) => p !== first && all.findIndex((o) => o.findings[0]!.kind === p.findings[0]!.kind) === i)].slice(0, 12);
  const events: FlagEvent[] = [];
  const seeded: SeededHub['prescriptions'] = [];
  picked.forEach((p, i) => {
    const doctor = DIRECTORY[i % DIRECTORY.length]!;
    const story = stories[i % stories.length]!;
    // Newest first in the list: the first picked is the latest.
    const at = now.getTime() - (i + 1) * 4 * 60_000;
    const orderId = `RX${dayOf(new Date(at), TIME_ZONE).replace(/-/g, '')}${String(9000 + i)}`;
    const context = { department: doctor.department, prescriberId: doctor.id, patientKey: patientDigest(100 + i) };
    events.push(...prescriptionEvents(p, { orderId, at, story, context, idPrefix: `e2e-rx-${i}-${randomBytes(3).toString('hex')}`, ...(i === 3 ? { reason: { free: FREE_TEXT_REASON } } : {}) }));
    seeded.push({ orderId, story, title: p.title });
  });
  return { events, seeded };
}

async function call(base: string, token: string, method: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${base}/api/v1${route}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return response.json();
}

export interface SeededHubOptions {
  /** false: the same hub, tokens and dashboard, but no events or verdicts (a round trip fills it). */
  seed?: boolean;
}

export async function startSeededHub(options: SeededHubOptions = {}): Promise<SeededHub> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pf-dashboard-e2e-'));
  let db: Db | undefined;
  let server: ServerType | undefined;
  try {
    db = await openPglite(path.join(dataDir, 'pglite'), { template: await pgliteTemplate() });
    await migrate(db);
    const pepper = randomBytes(32);
    // The hub's own pack signing key, as `npm run hub` makes it on first start (规则发布).
    const signing = await openSigningKeys(dataDir);
    const deps: HubDeps = { db, pepper, trustedKeys: await signing.trustedKeys(), signing, config: { corsOrigins: [], timeZone: TIME_ZONE, maxBodyBytes: 1024 * 1024, maxPackBytes: 64 * 1024 * 1024 } };
    const issue = async (role: Role, label: string, department?: string) => (await createToken(db!, pepper, { role, label, ...(department ? { department } : {}) })).token;
    const workstations = [await issue('workstation', '门诊3诊室'), await issue('workstation', '门诊5诊室')];
    const tokens = { quality: await issue('quality', '质控科 王医生'), 'insurance-office': await issue('insurance-office', '医保办 李主任'), admin: await issue('admin', '信息科'), 'department-lead': await issue('department-lead', '心内科 王主任', '心血管内科') };
    const app = createApp(deps);
    const listening = await new Promise<{ server: ServerType; port: number }>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve({ server: s, port: info.port }));
    });
    server = listening.server;
    const base = `http://127.0.0.1:${listening.port}`;

    // Rules with a real 医保编码, one per kind first: the first two get the stories.
    const rules = realRules().slice(0, 8);
    const now = new Date();
    const seeded = options.seed === false ? { events: [], falsePositiveDecisions: [], otherDecisions: [] } : seedEvents(rules, now);
    const prescriptions = options.seed === false ? { events: [], seeded: [] } : seedPrescriptions(now);
    if (options.seed !== false) {
      // The 医保办 has published the demo pack through the hub (rule names) and imported the doctors.
      const published = await publishDraft(
        { db, signing, trustedKeys: deps.trustedKeys, maxBytes: deps.config.maxPackBytes, timeZone: TIME_ZONE, publisher: (await db.query<{ id: string }>("SELECT id FROM tokens WHERE role = 'insurance-office'")).rows[0]!.id },
        readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../rules/packs/demo-pack.json'), 'utf8'),
        '演示规则包',
      );
      if (!published.ok) throw new Error(`seed pack refused: ${published.message}`);
      const csv = ['医生编号,姓名,科室', ...DIRECTORY.map((d) => `${d.id},${d.name},${d.department}`)].join('\r\n');
      await call(base, tokens['insurance-office'], 'POST', '/prescribers/import', { csv });
      seeded.events[0]!.push(...prescriptions.events);
    }
    let eventCount = 0;
    for (const [i, events] of seeded.events.entries()) {
      const outcome = (await call(base, workstations[i]!, 'POST', '/events', { events })) as { accepted: number; rejected: unknown[] };
      if (outcome.rejected.length > 0) throw new Error(`seed events rejected: ${JSON.stringify(outcome.rejected).slice(0, 500)}`);
      eventCount += outcome.accepted;
    }
    // 质控 has reviewed 12 decisions of the second rule, 6 of them 误报 (50 %), and a few others.
    for (const [i, id] of seeded.falsePositiveDecisions.slice(0, 12).entries()) {
      await call(base, tokens.quality, 'POST', `/events/${id}/verdict`, i % 2 === 0 ? { verdict: '误报', comment: '诊断已在外院确认，规则未识别' } : { verdict: '确认违规' });
    }
    for (const [i, id] of seeded.otherDecisions.slice(0, 8).entries()) {
      await call(base, tokens.quality, 'POST', `/events/${id}/verdict`, { verdict: i % 3 === 0 ? '合理使用' : '确认违规' });
    }
    // Those verdicts were recorded days ago in the story: their appeal windows have closed, so
    // they are final (a verdict recorded in a test opens a window of its own).
    await db.query("UPDATE verdicts SET appeal_until = now() - interval '1 second' WHERE appeal_until IS NOT NULL");
    const days = { first: dayOf(new Date(now.getTime() - 15 * 86_400_000), TIME_ZONE), last: dayOf(now, TIME_ZONE) };
    return {
      base,
      signingKey: signing.describe().current,
      tokens,
      workstationTokens: workstations,
      overriddenRule: rules[0]!,
      falsePositiveRule: rules[1]!,
      days,
      prescriptions: prescriptions.seeded,
      eventCount,
      async close() {
        await new Promise<void>((resolve) => server!.close(() => resolve()));
        await db!.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    server?.close();
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const hub = await startSeededHub();
  console.log(`dashboard: ${hub.base}/  (${hub.eventCount} events)`);
  for (const [role, token] of Object.entries(hub.tokens)) console.log(`${role.padEnd(17)} ${token}`);
  process.on('SIGINT', () => void hub.close().then(() => process.exit(0)));
}
