import { formatNumber, type Target } from './report';
import type { BenchResults } from './results';

const MB = 1024 * 1024;

/** The figures the project promises, each next to its target. Printed, never asserted. */
export function targetsOf(r: Omit<BenchResults, 'targets' | 'totalSeconds'>): Target[] {
  const largest = Math.max(...r.evaluate.map((e) => e.rules));
  const twenty = r.evaluate.find((e) => e.rules === largest && e.lines === 20);
  const out: Target[] = r.jsonRulesEngine.flatMap((f) =>
    f.rows.map((row) => ({
      name: `vs json-rules-engine, ${f.rules} rules, ${row.lines}-line order${row.estimated ? ' (estimated)' : ''}`,
      figure: `${formatNumber(row.ratio)}× faster`,
      target: '≥ 100×',
      ok: row.ratio >= 100,
    })),
  );
  if (twenty) {
    out.push(
      { name: `20-line order at ${largest} rules, p50`, figure: `${formatNumber(twenty.timing.p50Us)} µs`, target: '≤ 50 µs', ok: twenty.timing.p50Us <= 50 },
      { name: `20-line order at ${largest} rules, p99`, figure: `${formatNumber(twenty.timing.p99Us)} µs`, target: '≤ 300 µs', ok: twenty.timing.p99Us <= 300 },
    );
  }
  const load = r.packLoad;
  out.push(
    { name: `compilePack ${load.rules} rules (first call)`, figure: `${formatNumber(load.compileColdMs)} ms`, target: '≤ 300 ms', ok: load.compileColdMs <= 300 },
    {
      name: `heap retained by compiled ${load.rules} rules`,
      figure: `${formatNumber(load.compiledRetainedBytes / MB)} MB`,
      target: '≤ 50 MB',
      ok: load.compiledRetainedBytes <= 50 * MB,
    },
  );
  const image = r.imageLoad;
  const startMs = image.readMs + image.schemaMs + image.compileMs;
  const heldBytes = image.heapBytes + image.bufferBytes;
  out.push(
    { name: `engine start from the stored image, ${image.rules} rules (read + schema + ready)`, figure: `${formatNumber(startMs)} ms`, target: '≤ 100 ms', ok: startMs <= 100 },
    { name: `engine memory from the image after checking orders, ${image.rules} rules`, figure: `${formatNumber(heldBytes / MB)} MB`, target: '≤ 50 MB', ok: heldBytes <= 50 * MB },
  );
  return out;
}
