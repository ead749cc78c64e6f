import type { CDPSession } from '@playwright/test';

/**
 * Chromium tracing over CDP for `npm run bench:page`: the renderer's tasks (to find the long
 * ones) and V8's CPU samples (to say whose script ran in them), from one trace so both share a
 * clock. Attribution goes by the innermost script URL on each sampled stack: our content script is
 * `chrome-extension://…`, the EMR page is its own origin, and samples with no script under them
 * (style, layout and paint of a frame, GC, idle) are neither's.
 */

export const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
];

export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event, µs. */
  tdur?: number;
  id?: string;
  args?: Record<string, unknown>;
}

export async function startTracing(cdp: CDPSession): Promise<void> {
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: { recordMode: 'recordAsMuchAsPossible', includedCategories: TRACE_CATEGORIES, excludedCategories: ['*'] },
  });
}

export async function stopTracing(cdp: CDPSession): Promise<TraceEvent[]> {
  const complete = new Promise<{ stream?: string }>((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  const { stream } = await complete;
  if (!stream) throw new Error('tracing returned no stream');
  const parts: string[] = [];
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream, size: 4 * 1024 * 1024 });
    parts.push(chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data);
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const parsed = JSON.parse(parts.join('')) as TraceEvent[] | { traceEvents: TraceEvent[] };
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

export type Owner = 'extension' | 'page' | 'other';

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { url?: string; functionName?: string };
}

export interface CpuSample {
  /** Trace clock, µs. */
  ts: number;
  /** Until the next sample, µs. */
  dur: number;
  owner: Owner;
  /** Innermost function of the owner's script (for the report). */
  fn: string;
}

export interface TaskSpan {
  ts: number;
  /** Wall clock, µs. */
  dur: number;
  /** The thread's CPU time in the task, µs (equal to dur on an idle machine; less while other processes take the cores). */
  cpu: number;
}

export interface MainThread {
  pid: number;
  tid: number;
}

function urlOf(event: TraceEvent): string {
  const data = event.args?.data as { url?: unknown } | undefined;
  return typeof data?.url === 'string' ? data.url : '';
}

/** The CrRendererMain thread that ran the most of the page's own scripts. */
export function pageMainThread(events: readonly TraceEvent[], pageOrigin: string): MainThread | undefined {
  const mains = new Set<string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && (e.args?.name as string | undefined) === 'CrRendererMain') mains.add(`${e.pid}:${e.tid}`);
  }
  const counts = new Map<string, number>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (mains.has(key) && urlOf(e).startsWith(pageOrigin)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  if (!best) return undefined;
  const [pid, tid] = best[0].split(':').map(Number) as [number, number];
  return { pid, tid };
}

/** Top-level tasks of a thread (nested RunTasks, e.g. a nested run loop, count once). */
export function tasksOf(events: readonly TraceEvent[], thread: MainThread): TaskSpan[] {
  const runs = events
    .filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X' && e.name === 'RunTask' && typeof e.dur === 'number')
    .sort((a, b) => a.ts - b.ts);
  const tasks: TaskSpan[] = [];
  let end = -Infinity;
  for (const e of runs) {
    if (e.ts < end) continue;
    tasks.push({ ts: e.ts, dur: e.dur!, cpu: e.tdur ?? e.dur! });
    end = e.ts + e.dur!;
  }
  return tasks;
}

/**
 * The CPU samples V8 took on `thread`, each given to the extension, the page or neither. Profile
 * nodes arrive in chunks, parents before children, so owners resolve as they come.
 */
export function samplesOf(events: readonly TraceEvent[], thread: MainThread, pageOrigin: string): CpuSample[] {
  const profiles = new Map<string, { startTime: number }>();
  for (const e of events) {
    if (e.name === 'Profile' && e.pid === thread.pid && e.tid === thread.tid && e.id) {
      const data = e.args?.data as { startTime?: number } | undefined;
      profiles.set(e.id, { startTime: data?.startTime ?? e.ts });
    }
  }
  const out: CpuSample[] = [];
  for (const [id, profile] of profiles) {
    const owners = new Map<number, { owner: Owner; fn: string }>();
    const ownerOf = (node: ProfileNode): { owner: Owner; fn: string } => {
      const url = node.callFrame.url ?? '';
      if (url.startsWith('chrome-extension://')) return { owner: 'extension', fn: node.callFrame.functionName || '(anonymous)' };
      if (url.startsWith(pageOrigin)) return { owner: 'page', fn: node.callFrame.functionName || '(anonymous)' };
      return (node.parent !== undefined ? owners.get(node.parent) : undefined) ?? { owner: 'other', fn: node.callFrame.functionName || '' };
    };
    let time = profile.startTime;
    const pending: { ts: number; node: number }[] = [];
    const chunks = events.filter((e) => e.name === 'ProfileChunk' && e.pid === thread.pid && e.id === id).sort((a, b) => a.ts - b.ts);
    for (const chunk of chunks) {
      const data = chunk.args?.data as { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] } | undefined;
      for (const node of data?.cpuProfile?.nodes ?? []) owners.set(node.id, ownerOf(node));
      const samples = data?.cpuProfile?.samples ?? [];
      const deltas = data?.timeDeltas ?? [];
      samples.forEach((node, i) => {
        time += deltas[i] ?? 0;
        pending.push({ ts: time, node });
      });
    }
    pending.sort((a, b) => a.ts - b.ts);
    pending.forEach((s, i) => {
      const next = pending[i + 1];
      const who = owners.get(s.node) ?? { owner: 'other' as const, fn: '' };
      out.push({ ts: s.ts, dur: next ? Math.max(0, Math.min(next.ts - s.ts, 10_000)) : 0, owner: who.owner, fn: who.fn });
    });
  }
  return out.sort((a, b) => a.ts - b.ts);
}

export interface Attribution {
  extensionMs: number;
  pageMs: number;
  otherMs: number;
  /** The extension's functions in this span by sampled time, largest first. */
  topExtension: { fn: string; ms: number }[];
}

/** Sampled time inside [from, to) (trace µs), by owner. `samples` sorted by ts. */
export function attribute(samples: readonly CpuSample[], from: number, to: number): Attribution {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid]!.ts < from) lo = mid + 1;
    else hi = mid;
  }
  const totals = { extension: 0, page: 0, other: 0 };
  const byFn = new Map<string, number>();
  for (let i = lo; i < samples.length && samples[i]!.ts < to; i++) {
    const s = samples[i]!;
    const dur = Math.min(s.dur, to - s.ts);
    totals[s.owner] += dur;
    if (s.owner === 'extension') byFn.set(s.fn, (byFn.get(s.fn) ?? 0) + dur);
  }
  return {
    extensionMs: totals.extension / 1000,
    pageMs: totals.page / 1000,
    otherMs: totals.other / 1000,
    topExtension: [...byFn]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([fn, us]) => ({ fn, ms: us / 1000 })),
  };
}
