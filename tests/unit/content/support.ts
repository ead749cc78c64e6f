import { vi } from 'vitest';
import type { OverlayCallbacks } from '../../../components/Overlay';
import { OrderSchema, type Order } from '../../../contract/order';
import type { Finding } from '../../../contract/findings';
import { compilePack } from '../../../rules/engine/compile';
import { evaluate } from '../../../rules/engine/evaluate';
import { prescriptionRules } from '../../../rules/import/demo-pack';
import type { FlagEvent, FlagEventDraft } from '../../../contract/flag-event';
import type { CheckOutcome, EngineStatus } from '../../../workers/engine-api';
import type { Timers } from '../../../entrypoints/content/change-scheduler';
import type { FlagRecorder } from '../../../entrypoints/content/flag-recorder';
import type { OverlayView, ViewModel } from '../../../entrypoints/content/view-model';
import { makePack } from '../../support/builders';
import { demoFile, settleSelects } from '../adapters/support';

/** Shared pieces of the content-script tests: the demo page in the test DOM, a real engine, fakes. */

// 阿帕他胺片 — 两库 第一批 药品规则库(限定性别对象): 男 (its code is in the demo drug dictionary).
export const APALUTAMIDE = { code: 'XL02BBA326A001010102180', name: '阿帕他胺片', prefix: 'XL02BBA326A0' };
export const SEX_RULE_ID = 'nhsa-r67-sex-阿帕他胺片';
export const DAY_LIMIT_RULE_ID = 'rx-day-limits';

/** 处方管理办法 rules as the demo pack has them, plus one 两库 sex rule raised to critical. */
export const testPack = makePack(
  [
    ...prescriptionRules(),
    {
      id: SEX_RULE_ID,
      kind: 'sex',
      name: APALUTAMIDE.name,
      severity: 'critical',
      basis: '国家医保局两库 第一批 药品规则库(限定性别对象)',
      match: { prefixes: [APALUTAMIDE.prefix] },
      params: { allowed: 'M' },
    },
  ],
  { id: 'content-test', version: '2026.11.20' },
);
const compiled = compilePack(testPack);

export function evaluateOrder(order: unknown): CheckOutcome {
  const parsed = OrderSchema.parse(order);
  return { ok: true, result: evaluate(compiled, parsed) };
}

/**
 * The demo outpatient page (patient: 女 45岁, three prescription lines) loaded into the test
 * document without its scripts and stylesheets, so the adapter reads it as the browser would.
 */
export function loadDemoPage(file = 'outpatient.html'): Document {
  const html = demoFile(file)
    .replace(/<script\b[^>]*><\/script>/g, '')
    .replace(/<link\b[^>]*>/g, '');
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.body.replaceWith(document.importNode(parsed.body, true));
  return settleSelects(document);
}

export function gridRow(id: string): HTMLTableRowElement {
  return document.querySelector(`#rxGrid tr[id="${id}"]`) as HTMLTableRowElement;
}

export function cell(row: Element, name: string): HTMLElement {
  return row.querySelector(`td[aria-describedby="rxGrid_${name}"]`) as HTMLElement;
}

export function control(row: Element, name: string): HTMLInputElement {
  return cell(row, name).querySelector('input, select') as HTMLInputElement;
}

/** Types into a grid cell as the doctor would: value, then input and change events. */
export function typeInto(row: Element, name: string, value: string): void {
  const input = control(row, name);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Puts 阿帕他胺片 on a row, as the page's drug search fills a row: one bottle, enough for the days. */
export function prescribeApalutamide(row: Element): void {
  control(row, 'drugName').value = APALUTAMIDE.name;
  cell(row, 'insCode').textContent = APALUTAMIDE.code;
  cell(row, 'spec').textContent = '60mg*120片';
  control(row, 'total').value = '1';
}

/** setTimeout under the test's control, with its own clock. */
export class ManualTimers implements Timers {
  private time = 0;
  private nextId = 1;
  private pending = new Map<number, { at: number; callback: () => void }>();

  now = (): number => this.time;

  set = (callback: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.pending.set(id, { at: this.time + Math.max(0, ms), callback });
    return id;
  };

  clear = (handle: unknown): void => {
    this.pending.delete(handle as number);
  };

  /** Moves the clock on, running due timers in time order (timers set meanwhile included). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.pending) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.pending.delete(next[0]);
      this.time = Math.max(this.time, next[1].at);
      next[1].callback();
    }
    this.time = end;
  }

  get size(): number {
    return this.pending.size;
  }
}

export interface FakeEngine {
  check: ReturnType<typeof vi.fn<(order: unknown, sessionKey?: string) => Promise<CheckOutcome>>>;
  status: () => Promise<EngineStatus>;
  /** Changes what `status` answers from now on (e.g. the pack's end date). */
  setStatus(patch: Partial<EngineStatus>): void;
  /** Orders the engine was asked about, parsed. */
  orders(): Order[];
  /** From now on calls never answer (a dead port) until `revive`. */
  hang(): void;
  /** From now on calls fail with this error until `revive`. */
  failWith(error: unknown): void;
  revive(): void;
  /** Answers every call held by `hang` (as if the engine came back). */
  answerHeld(): void;
}

export function fakeEngine(): FakeEngine {
  let mode: { kind: 'ok' } | { kind: 'hang' } | { kind: 'fail'; error: unknown } = { kind: 'ok' };
  const held: Array<() => void> = [];
  const check = vi.fn(async (order: unknown): Promise<CheckOutcome> => {
    if (mode.kind === 'fail') throw mode.error;
    if (mode.kind === 'hang') return new Promise<CheckOutcome>((resolve) => held.push(() => resolve(evaluateOrder(order))));
    return evaluateOrder(order);
  });
  let status: EngineStatus = { packId: testPack.id, packVersion: testPack.version, ruleCount: testPack.rules.length, loadedAt: null, effectiveTo: null, sessions: 0 };
  return {
    check,
    status: async () => status,
    setStatus: (patch) => (status = { ...status, ...patch }),
    orders: () => check.mock.calls.map(([order]) => OrderSchema.parse(order)),
    hang: () => (mode = { kind: 'hang' }),
    failWith: (error) => (mode = { kind: 'fail', error }),
    revive: () => (mode = { kind: 'ok' }),
    answerHeld: () => held.splice(0).forEach((answer) => answer()),
  };
}

/** The overlay as a list of the models it was given; paints happen when the test says so. */
export class FakeView implements OverlayView {
  readonly models: ViewModel[] = [];
  callbacks!: OverlayCallbacks;
  private paints: Array<() => void> = [];
  readonly host = document.createElement('preflight-overlay');

  bind = (callbacks: OverlayCallbacks): FakeView => {
    this.callbacks = callbacks;
    return this;
  };

  render(model: ViewModel): void {
    this.models.push(model);
  }

  afterPaint(callback: () => void): void {
    this.paints.push(callback);
  }

  paint(): void {
    this.paints.splice(0).forEach((callback) => callback());
  }

  isOwnNode(node: Node): boolean {
    return node === this.host || this.host.contains(node);
  }

  dispose(): void {}

  get last(): ViewModel {
    const model = this.models.at(-1);
    if (!model) throw new Error('nothing rendered yet');
    return model;
  }

  /** Findings currently marked, as "line:rule" pairs. */
  marked(): string[] {
    return this.last.findings.map((f: Finding) => `${f.lineId ?? '-'}:${f.ruleId}`);
  }
}

/** Collects the events the controller records, stamped as the real recorder would. */
export class RecordingLog implements FlagRecorder {
  readonly events: FlagEventDraft[] = [];

  record(draft: FlagEventDraft): void {
    this.events.push(draft);
  }

  ofType<T extends FlagEvent['type']>(type: T): Array<Extract<FlagEventDraft, { type: T }>> {
    return this.events.filter((e): e is Extract<FlagEventDraft, { type: T }> => e.type === type);
  }
}

/** Lets promise callbacks (engine answers) and observer callbacks run. */
export async function settleAsync(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}
