import { ENGINE_PORT_NAME, EngineRequestSchema, type AsyncEngineApi, type EngineRequest, type EngineResponse } from './engine-api';
import type { EngineErrorCode } from '../contract/engine-errors';
import type { EventLike, PortLike } from './port';

export interface EnginePortServerOptions {
  /** Where calls go: the comlink proxy of the worker, or the host itself. */
  engine: AsyncEngineApi;
  /**
   * Origin of our own extension pages (`runtime.getURL('/')`). Only they may replace the pack:
   * a content script lives in the EMR page's process and must not be able to swap the rules.
   */
  extensionOrigin: string;
}

let connectionCounter = 0;

function respond(port: PortLike, response: EngineResponse): void {
  try {
    port.postMessage(response);
  } catch {
    // The caller left while the engine worked; its client has already given up on this id.
  }
}

function fail(port: PortLike, id: number, code: EngineErrorCode, message: string): void {
  respond(port, { id, ok: false, error: { code, message } });
}

function idOf(message: unknown): number | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const id = (message as { id?: unknown }).id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : undefined;
}

/**
 * Answers engine requests arriving on one port. Session keys are scoped to the connection, so two
 * tabs using the same form key never share a cache; the sessions end when the port does.
 */
export function serveEnginePort(port: PortLike, options: EnginePortServerOptions): void {
  const scope = `c${++connectionCounter}`;
  const sessionKeys = new Set<string>();
  const trusted = port.sender?.url?.startsWith(options.extensionOrigin) ?? false;

  async function run(request: EngineRequest): Promise<unknown> {
    const { engine } = options;
    switch (request.method) {
      case 'loadPack':
        return engine.loadPack(request.args[0]);
      case 'unloadPack':
        return engine.unloadPack();
      case 'check': {
        const key = `${scope}/${request.args[1] ?? 'default'}`;
        sessionKeys.add(key);
        return engine.check(request.args[0], key);
      }
      case 'status':
        return engine.status();
      case 'endSession': {
        const key = `${scope}/${request.args[0]}`;
        sessionKeys.delete(key);
        return engine.endSession(key);
      }
    }
  }

  const onMessage = (message: unknown): void => {
    const parsed = EngineRequestSchema.safeParse(message);
    if (!parsed.success) {
      const id = idOf(message);
      if (id !== undefined) fail(port, id, 'bad-request', parsed.error.issues[0]?.message ?? 'malformed request');
      return;
    }
    const request = parsed.data;
    if ((request.method === 'loadPack' || request.method === 'unloadPack') && !trusted) {
      fail(port, request.id, 'forbidden', 'only extension pages may load or unload a rule pack');
      return;
    }
    run(request).then(
      (result) => respond(port, { id: request.id, ok: true, result: result ?? null }),
      (error: unknown) => fail(port, request.id, 'engine-failed', String(error instanceof Error ? error.message : error)),
    );
  };

  const onDisconnect = (): void => {
    port.onMessage.removeListener(onMessage);
    port.onDisconnect.removeListener(onDisconnect);
    for (const key of sessionKeys) void options.engine.endSession(key).catch(() => undefined);
    sessionKeys.clear();
  };

  port.onMessage.addListener(onMessage);
  port.onDisconnect.addListener(onDisconnect);
}

/** Serves every engine port opened to this context; ports with other names are left alone. */
export function listenForEnginePorts(onConnect: EventLike<(port: PortLike) => void>, options: EnginePortServerOptions): () => void {
  const listener = (port: PortLike): void => {
    if (port.name === ENGINE_PORT_NAME) serveEnginePort(port, options);
  };
  onConnect.addListener(listener);
  return () => onConnect.removeListener(listener);
}
