/**
 * What `npm run bench:page` runs inside the demo page's own world, as source text (so that no
 * transpiler helper leaks into the page). Every clock here is the page's performance.now(), which
 * the content script's marks share.
 *
 * `__pfPaint` — keystroke → flag painted. A capture listener notes each `input` event; a
 * MutationObserver on our (open) shadow root notes when a watched line's marker appears or goes;
 * (or its count changes), the frame that shows it is the next animation frame, and "painted" is the first task after that
 * frame (the same convention the content script uses for its own FlagTimings).
 *
 * `__pfLong` — long tasks and long animation frames while typing, with the script attribution
 * Chromium gives them.
 */

export interface PaintSample {
  lineId: string;
  /** Findings the line's marker counts after the change (0: no marker). */
  count: number;
  /** The last `input` event on the line's row before the marker changed. */
  inputAt: number;
  /** The content script's `preflight:flush` mark (the end of its debounce), or -1 when none came. */
  flushAt: number;
  /** The marker DOM changed (MutationObserver callback). */
  mutatedAt: number;
  /** requestAnimationFrame of the frame that renders the change. */
  frameAt: number;
  /** First task after that frame. */
  paintedAt: number;
}

export const PAINT_PROBE = String.raw`(() => {
  if (window.__pfPaint) return true;
  const host = document.querySelector('preflight-overlay');
  // Closed: handed to this (benchmark) page over CDP by scripts/closed-shadow.ts.
  const revealed = Array.from(window.__preflightTestShadowRoots || []);
  const shadow = host && (host.shadowRoot || revealed.find((s) => s.host === host));
  if (!shadow) return false;
  const inputs = [];
  const waiters = [];
  const watched = new Map();
  // The number a line's marker shows (its findings); 0 when the line has no marker.
  const countOf = (id) => {
    const marker = shadow.querySelector('.pf-marker[data-line-id="' + CSS.escape(id) + '"]');
    if (!marker) return 0;
    const digits = /(\d+)\s*$/.exec(marker.textContent || '');
    return digits ? Number(digits[1]) : 1;
  };
  document.addEventListener('input', (event) => {
    const row = event.target && event.target.closest ? event.target.closest('tr') : null;
    inputs.push({ at: event.timeStamp, rowId: row ? row.id : '' });
  }, true);
  const settle = (change) => {
    const input = inputs.filter((i) => i.rowId === change.lineId && i.at < change.mutatedAt).pop();
    const inputAt = input ? input.at : -1;
    const flush = performance.getEntriesByName('preflight:flush').find((m) => m.startTime >= inputAt);
    const sample = Object.assign({}, change, { inputAt, flushAt: flush && flush.startTime <= change.mutatedAt ? flush.startTime : -1 });
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (w.lineId === change.lineId && w.count === change.count) {
        waiters.splice(i, 1);
        clearTimeout(w.timer);
        w.resolve(sample);
      }
    }
  };
  new MutationObserver(() => {
    const now = performance.now();
    for (const [id, was] of watched) {
      const count = countOf(id);
      if (count === was) continue;
      watched.set(id, count);
      const change = { lineId: id, count, mutatedAt: now, frameAt: -1, paintedAt: -1 };
      requestAnimationFrame(() => {
        change.frameAt = performance.now();
        setTimeout(() => {
          change.paintedAt = performance.now();
          settle(change);
        }, 0);
      });
    }
  }).observe(shadow, { subtree: true, childList: true, attributes: true, characterData: true });
  window.__pfPaint = {
    watch(id) {
      watched.set(id, countOf(id));
      return watched.get(id);
    },
    /** Resolves with the sample of the next change of line id's marker to count, or null after timeoutMs. */
    next(id, count, timeoutMs) {
      return new Promise((resolve) => {
        const w = { lineId: id, count, resolve, timer: 0 };
        w.timer = setTimeout(() => {
          const at = waiters.indexOf(w);
          if (at !== -1) waiters.splice(at, 1);
          resolve(null);
        }, timeoutMs);
        waiters.push(w);
      });
    },
    clear() {
      inputs.length = 0;
      performance.clearMarks('preflight:flush');
    },
  };
  return true;
})()`;

export interface LongTaskEntry {
  startTime: number;
  duration: number;
  attribution: string[];
}

export interface AnimationFrameScript {
  sourceURL: string;
  invoker: string;
  invokerType: string;
  duration: number;
  forcedStyleAndLayoutDuration: number;
}

export interface LongAnimationFrameEntry {
  startTime: number;
  duration: number;
  blockingDuration: number;
  scripts: AnimationFrameScript[];
}

export const LONG_TASK_PROBE = String.raw`(() => {
  if (window.__pfLong) return true;
  const longTasks = [];
  const frames = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      longTasks.push({
        startTime: e.startTime,
        duration: e.duration,
        attribution: (e.attribution || []).map((a) => [a.containerType, a.containerSrc, a.containerId, a.containerName].filter(Boolean).join(' ') || a.name),
      });
    }
  }).observe({ type: 'longtask' });
  if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        frames.push({
          startTime: e.startTime,
          duration: e.duration,
          blockingDuration: e.blockingDuration || 0,
          scripts: (e.scripts || []).map((s) => ({
            sourceURL: s.sourceURL || '',
            invoker: s.invoker || '',
            invokerType: s.invokerType || '',
            duration: s.duration,
            forcedStyleAndLayoutDuration: s.forcedStyleAndLayoutDuration || 0,
          })),
        });
      }
    }).observe({ type: 'long-animation-frame' });
  }
  window.__pfLong = { longTasks, frames };
  return true;
})()`;

export interface LongTaskResults {
  longTasks: LongTaskEntry[];
  frames: LongAnimationFrameEntry[];
  /** preflight:flush marks: checks the content script started. */
  checks: number;
}

/** What `__pfLong` saw between two page clock readings. */
export function longTaskResults(from: number, to: number): string {
  return String.raw`(() => {
    const inRun = (e) => e.startTime >= ${from} && e.startTime <= ${to};
    return {
      longTasks: window.__pfLong.longTasks.filter(inRun),
      frames: window.__pfLong.frames.filter(inRun),
      checks: performance.getEntriesByName('preflight:flush').filter(inRun).length,
    };
  })()`;
}
