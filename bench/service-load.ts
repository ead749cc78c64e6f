import http from 'node:http';
import { percentile } from './timing';

/**
 * A closed-loop load generator for the 3101 service: `clients` callers, each sending its next
 * request when the previous answer has arrived (a HIS waits for 事前提醒 before going on), over
 * kept-alive connections. Latency is measured per request, from writing it to the last byte of
 * the answer; every answer is checked (HTTP 200 and infcode 0), so a fast error never counts.
 */

export interface LoadOptions {
  base: string;
  token: string;
  /** Request bodies with `__MSGID__` where the message id goes: each request gets a new one. */
  bodies: readonly string[];
  clients: number;
  warmupMs: number;
  measureMs: number;
  /** CPU milliseconds the server has used so far, when it can be read: gives CPU per request. */
  serverCpuMs?: () => number | undefined;
  /** The same for the database server, when it runs on this machine (PostgreSQL; PGlite is in the hub). */
  databaseCpuMs?: () => number | undefined;
}

export interface LoadFigure {
  clients: number;
  requests: number;
  perSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  failures: number;
  /**
   * The server's CPU time per answered request over the measured seconds (all its threads): less
   * disturbed by other processes on the machine than latency is. Undefined when not readable.
   */
  serverCpuMsPerRequest?: number;
  /** The database server's CPU time per answered request (all its processes), when readable. */
  databaseCpuMsPerRequest?: number;
}

function send(agent: http.Agent, url: URL, token: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json; charset=UTF-8',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

let sequence = 0;

/** 定点医药机构编号 + time + sequence, unique per request so the service logs every one. */
function nextMsgid(): string {
  sequence = (sequence + 1) % 1_000_000;
  return `H99999900001${Date.now()}${String(sequence).padStart(6, '0')}`;
}

export async function runLoad(options: LoadOptions): Promise<LoadFigure> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.clients });
  const url = new URL('/api/v1/nhsa/3101', options.base);
  const samples: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const measureFrom = started + options.warmupMs;
  const stopAt = measureFrom + options.measureMs;
  let firstError: string | undefined;
  let cpuFrom: number | undefined;
  let databaseFrom: number | undefined;
  const cpuTimer = setTimeout(() => {
    cpuFrom = options.serverCpuMs?.();
    databaseFrom = options.databaseCpuMs?.();
  }, options.warmupMs);

  const client = async () => {
    while (performance.now() < stopAt) {
      const body = options.bodies[next++ % options.bodies.length]!.replace('__MSGID__', nextMsgid());
      const sent = performance.now();
      const answer = await send(agent, url, options.token, body);
      const done = performance.now();
      const ok = answer.status === 200 && answer.text.startsWith('{"infcode":0');
      if (sent < measureFrom) continue;
      if (!ok) {
        failures++;
        firstError ??= `${answer.status} ${answer.text.slice(0, 300)}`;
        continue;
      }
      samples.push(done - sent);
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  const seconds = (performance.now() - measureFrom) / 1000;
  clearTimeout(cpuTimer);
  const cpuTo = options.serverCpuMs?.();
  const databaseTo = options.databaseCpuMs?.();
  // Requests answered while the CPU was counted: the measured ones (those still in flight at the
  // start of measuring were counted as warm-up, those at its end are finished): close enough.
  const perRequest = (from: number | undefined, to: number | undefined) => (from !== undefined && to !== undefined && samples.length > 0 ? (to - from) / samples.length : undefined);
  const serverCpuMsPerRequest = perRequest(cpuFrom, cpuTo);
  const databaseCpuMsPerRequest = perRequest(databaseFrom, databaseTo);
  agent.destroy();
  if (firstError) console.log(`    first failure: ${firstError}`);
  samples.sort((a, b) => a - b);
  return {
    clients: options.clients,
    requests: samples.length,
    perSecond: samples.length / seconds,
    p50Ms: percentile(samples, 0.5),
    p90Ms: percentile(samples, 0.9),
    p99Ms: percentile(samples, 0.99),
    maxMs: samples.at(-1) ?? Number.NaN,
    failures,
    ...(serverCpuMsPerRequest === undefined ? {} : { serverCpuMsPerRequest }),
    ...(databaseCpuMsPerRequest === undefined ? {} : { databaseCpuMsPerRequest }),
  };
}
