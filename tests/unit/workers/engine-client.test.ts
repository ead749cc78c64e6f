import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createEngineClient, EngineError, type EngineClient } from '../../../workers/engine-client';
import { listenForEnginePorts } from '../../../workers/engine-port-server';
import { ENGINE_PORT_NAME, type AsyncEngineApi } from '../../../workers/engine-api';
import { EngineHost } from '../../../workers/engine-host';
import { CONTENT_SCRIPT_SENDER, EXTENSION_ORIGIN, EXTENSION_PAGE_SENDER, FakeRuntime, type FakePort } from './fake-ports';
import { codeOf, femaleOnly, fixturePackJson, orderJson } from './fixture-pack';

const TIMEOUT_MS = 100;

function asyncEngine(host: EngineHost): AsyncEngineApi {
  return {
    loadPack: async (pack) => host.loadPack(pack),
    unloadPack: async () => host.unloadPack(),
    check: async (order, key) => host.check(order, key),
    status: async () => host.status(),
    endSession: async (key) => host.endSession(key),
  };
}

/** The engine owner in these tests: a host with the fixture pack behind a port server. */
function startOwner(runtime: FakeRuntime, engine: AsyncEngineApi): () => void {
  return listenForEnginePorts(runtime.onConnect, { engine, extensionOrigin: EXTENSION_ORIGIN });
}

const flaggedOrder = orderJson({ sex: 'M', ageYears: 40 }, [codeOf(femaleOnly)]);

function silence(port: FakePort): void {
  port.state = 'silent';
  port.peer.state = 'silent';
}

let host: EngineHost;
let runtime: FakeRuntime;
let ensureEngine: ReturnType<typeof vi.fn<() => Promise<void>>>;
let client: EngineClient;

beforeEach(() => {
  host = new EngineHost();
  host.loadPack(fixturePackJson());
  runtime = new FakeRuntime();
  startOwner(runtime, asyncEngine(host));
  ensureEngine = vi.fn(async () => {
    runtime.ownerRunning = true;
  });
  client = createEngineClient({ connect: () => runtime.connect(ENGINE_PORT_NAME), ensureEngine, timeoutMs: TIMEOUT_MS, ensureTimeoutMs: 300 });
});

async function expectEngineError(promise: Promise<unknown>, code: EngineError['code']): Promise<EngineError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EngineError);
  expect((error as EngineError).code).toBe(code);
  return error as EngineError;
}

describe('engine port client and server', () => {
  it('checks an order through the port and reuses one port for later calls', async () => {
    const outcome = await client.check(flaggedOrder, 'form');
    expect(outcome).toMatchObject({ ok: true, result: { packVersion: '2026.11.1', findings: [{ kind: 'sex', lineId: '1' }] } });
    expect(await client.status()).toMatchObject({ packVersion: '2026.11.1', ruleCount: 3, sessions: 1 });
    expect(runtime.clientPorts).toHaveLength(1);
    expect(ensureEngine).not.toHaveBeenCalled();
  });

  it('fails with a typed timeout when the engine never answers, after one recovery attempt', async () => {
    const engine = asyncEngine(host);
    const hung: AsyncEngineApi = { ...engine, check: () => new Promise(() => undefined) };
    runtime.onConnect.listeners.clear();
    startOwner(runtime, hung);
    const started = Date.now();
    await expectEngineError(client.check(flaggedOrder), 'timeout');
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(2 * TIMEOUT_MS - 5);
    expect(elapsed).toBeLessThan(2 * TIMEOUT_MS + 200);
    expect(ensureEngine).toHaveBeenCalledTimes(1);
    expect(runtime.clientPorts).toHaveLength(2);
    expect(runtime.clientPorts[0]!.state).toBe('closed');
  });

  it('recovers from a port that went silent without a disconnect', async () => {
    await client.status();
    silence(runtime.lastClientPort);
    const outcome = await client.check(flaggedOrder);
    expect(outcome.ok).toBe(true);
    expect(ensureEngine).toHaveBeenCalledTimes(1);
    expect(runtime.clientPorts).toHaveLength(2);
  });

  it('reconnects after the owner drops the port mid-call', async () => {
    await client.status();
    const slow: AsyncEngineApi = {
      ...asyncEngine(host),
      check: async (order, key) => {
        // The owner goes away while this call is in flight.
        runtime.lastClientPort.peer.disconnect();
        runtime.onConnect.listeners.clear();
        startOwner(runtime, asyncEngine(host));
        return host.check(order, key);
      },
    };
    runtime.onConnect.listeners.clear();
    startOwner(runtime, slow);
    client.close(); // so the next call connects to the slow owner
    const started = Date.now();
    const outcome = await client.check(flaggedOrder);
    expect(outcome.ok).toBe(true);
    // A dropped port is noticed at once, not after the timeout.
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
    expect(ensureEngine).toHaveBeenCalledTimes(1);
  });

  it('asks for the engine to be created when nobody receives the port, then retries', async () => {
    runtime.ownerRunning = false;
    const outcome = await client.check(flaggedOrder);
    expect(outcome.ok).toBe(true);
    expect(ensureEngine).toHaveBeenCalledTimes(1);
    expect(runtime.clientPorts).toHaveLength(2);
  });

  it('gives up with a typed error when the engine cannot be created', async () => {
    runtime.ownerRunning = false;
    ensureEngine.mockRejectedValue(new Error('offscreen document refused'));
    await expectEngineError(client.check(flaggedOrder), 'disconnected');
    expect(ensureEngine).toHaveBeenCalledTimes(1);
  });

  it('bounds a hung ensureEngine as well', async () => {
    runtime.ownerRunning = false;
    ensureEngine.mockReturnValue(new Promise(() => undefined));
    const started = Date.now();
    await expectEngineError(client.status(), 'disconnected');
    expect(Date.now() - started).toBeLessThan(300 + TIMEOUT_MS + 150);
  });

  it('re-creates the engine once for several calls that failed on the same port', async () => {
    await client.status();
    silence(runtime.lastClientPort);
    const outcomes = await Promise.all([client.check(flaggedOrder, 'a'), client.check(flaggedOrder, 'b'), client.status()]);
    expect(outcomes.map((o) => ('ok' in o ? o.ok : o.packVersion))).toEqual([true, true, '2026.11.1']);
    expect(ensureEngine).toHaveBeenCalledTimes(1);
    expect(runtime.clientPorts).toHaveLength(2);
  });

  it('ignores a late answer to a call that already timed out', async () => {
    const noRetry = createEngineClient({ connect: () => runtime.connect(ENGINE_PORT_NAME), ensureEngine, timeoutMs: TIMEOUT_MS, retries: 0 });
    let releaseStatus!: () => void;
    const gate = new Promise<void>((resolve) => (releaseStatus = resolve));
    runtime.onConnect.listeners.clear();
    startOwner(runtime, { ...asyncEngine(host), status: async () => (await gate, host.status()) });

    await expectEngineError(noRetry.status(), 'timeout');
    const check = noRetry.check(flaggedOrder);
    releaseStatus(); // the status answer now arrives on the same port, under the old id
    const outcome = await check;
    expect(outcome).toMatchObject({ ok: true, result: { findings: [{ kind: 'sex' }] } });
    const port = runtime.lastClientPort;
    await vi.waitFor(() => expect(port.peer.posted).toHaveLength(2));
    expect(port.peer.posted[0]).toMatchObject({ id: 1, ok: true, result: { packVersion: '2026.11.1' } });
    expect(runtime.clientPorts).toHaveLength(1);
  });

  it('does not retry answers that are errors from the engine itself', async () => {
    await expectEngineError(client.loadPack(fixturePackJson('2026.12.1')), 'forbidden');
    expect(ensureEngine).not.toHaveBeenCalled();
    expect(host.status().packVersion).toBe('2026.11.1');
  });

  it('lets extension pages replace the pack, which every later check uses', async () => {
    const pageRuntime = new FakeRuntime(EXTENSION_PAGE_SENDER);
    startOwner(pageRuntime, asyncEngine(host));
    const page = createEngineClient({ connect: () => pageRuntime.connect(ENGINE_PORT_NAME), ensureEngine, timeoutMs: TIMEOUT_MS });
    expect(await page.loadPack(fixturePackJson('2026.12.1'))).toMatchObject({ ok: true, version: '2026.12.1' });
    expect(await client.check(flaggedOrder)).toMatchObject({ ok: true, result: { packVersion: '2026.12.1' } });
  });

  it('reports an answer of the wrong shape as bad-response', async () => {
    runtime.onConnect.listeners.clear();
    startOwner(runtime, { ...asyncEngine(host), status: async () => ({ packVersion: 7 }) as never });
    await expectEngineError(client.status(), 'bad-response');
  });

  it('retries a call left in flight by close() on a fresh port, and still settles', async () => {
    runtime.onConnect.listeners.clear();
    startOwner(runtime, { ...asyncEngine(host), status: () => new Promise(() => undefined) });
    const pending = client.status();
    await new Promise((resolve) => setTimeout(resolve, 5));
    client.close();
    // Closing counts as a dropped port: the call is retried once on a fresh port, which also hangs.
    await expectEngineError(pending, 'timeout');
  });
});

describe('engine port server', () => {
  function serverPort(sender = CONTENT_SCRIPT_SENDER) {
    const runtime = new FakeRuntime(sender);
    startOwner(runtime, asyncEngine(host));
    const port = runtime.connect(ENGINE_PORT_NAME);
    const answers: unknown[] = [];
    port.onMessage.addListener((message) => answers.push(message));
    return { port, answers, runtime };
  }

  it('answers malformed requests with bad-request and ignores messages without an id', async () => {
    const { port, answers } = serverPort();
    port.postMessage({ id: 1, method: 'evaluateEverything', args: [] });
    port.postMessage({ id: 2, method: 'check', args: [flaggedOrder, 42] });
    port.postMessage('hello');
    port.postMessage({ id: 3, method: 'status', args: [] });
    await vi.waitFor(() => expect(answers).toHaveLength(3));
    expect(answers).toMatchObject([
      { id: 1, ok: false, error: { code: 'bad-request' } },
      { id: 2, ok: false, error: { code: 'bad-request' } },
      { id: 3, ok: true, result: { packVersion: '2026.11.1' } },
    ]);
  });

  it('ignores ports with other names', async () => {
    const runtime = new FakeRuntime();
    startOwner(runtime, asyncEngine(host));
    const port = runtime.connect('something-else');
    port.postMessage({ id: 1, method: 'status', args: [] });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(port.peer.posted).toEqual([]);
  });

  it('scopes sessions to the connection and ends them when the port closes', async () => {
    const first = serverPort();
    const second = serverPort();
    first.port.postMessage({ id: 1, method: 'check', args: [flaggedOrder, 'form'] });
    second.port.postMessage({ id: 1, method: 'check', args: [flaggedOrder, 'form'] });
    await vi.waitFor(() => expect(first.answers.length + second.answers.length).toBe(2));
    expect(host.status().sessions).toBe(2);
    first.port.disconnect();
    await vi.waitFor(() => expect(host.status().sessions).toBe(1));
  });
});
