/**
 * CPU time the hypervisor gave to other guests ("steal", /proc/stat), as a share of all CPU time
 * since a mark. On a shared VM a quiet load average can hide a host that takes a third of the
 * cycles, and latency figures then move by tens of percent between runs a minute apart: printed
 * beside the figures so runs can be compared. Undefined where /proc/stat is not readable.
 */
import { readFileSync } from 'node:fs';

interface CpuTimes {
  steal: number;
  total: number;
}

function readCpuTimes(): CpuTimes | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith('cpu '));
    if (!line) return undefined;
    // user nice system idle iowait irq softirq steal …, in clock ticks since boot.
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    if (ticks.length < 8 || ticks.some((t) => !Number.isFinite(t))) return undefined;
    return { steal: ticks[7]!, total: ticks.reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}

/** A mark now; the returned function gives the steal share (0–1) since then. */
export function stealSince(): () => number | undefined {
  const start = readCpuTimes();
  return () => {
    const end = readCpuTimes();
    if (!start || !end || end.total <= start.total) return undefined;
    return (end.steal - start.steal) / (end.total - start.total);
  };
}

/** "VM steal 12% of CPU time during the run", or '' where it cannot be read. */
export function stealNote(share: number | undefined): string {
  return share === undefined ? '' : `VM steal ${(share * 100).toFixed(share < 0.1 ? 1 : 0)}% of CPU time during the run${share > 0.05 ? ' — the host took cycles: latencies are inflated' : ''}`;
}
