import type { EventLike, PortLike, PortSender } from '../../../workers/port';

/** Listeners of one fake `runtime.Port` event. */
class FakeEvent<Listener extends (...args: never[]) => void> implements EventLike<Listener> {
  readonly listeners = new Set<Listener>();
  addListener(listener: Listener): void {
    this.listeners.add(listener);
  }
  removeListener(listener: Listener): void {
    this.listeners.delete(listener);
  }
  emit(...args: Parameters<Listener>): void {
    for (const listener of [...this.listeners]) listener(...args);
  }
}

/** How the link between the two ends currently behaves. */
export type LinkState = 'open' | 'silent' | 'closed';

/**
 * One end of a fake port pair. Messages are delivered asynchronously and structured-cloned, like
 * the real thing; a `silent` link swallows messages without any disconnect (what a port does
 * after a service-worker restart), a `closed` link throws on post.
 */
export class FakePort implements PortLike {
  readonly onMessage = new FakeEvent<(message: unknown, port: PortLike) => void>();
  readonly onDisconnect = new FakeEvent<(port: PortLike) => void>();
  peer!: FakePort;
  state: LinkState = 'open';
  posted: unknown[] = [];

  constructor(
    readonly name: string,
    readonly sender?: PortSender,
  ) {}

  postMessage(message: unknown): void {
    if (this.state === 'closed') throw new Error('Attempting to use a disconnected port object');
    this.posted.push(message);
    if (this.state === 'silent') return;
    const copy = structuredClone(message);
    const peer = this.peer;
    setTimeout(() => {
      if (this.state === 'open' && peer.state === 'open') peer.onMessage.emit(copy, peer);
    }, 0);
  }

  /** Like `Port.disconnect`: only the other end hears about it. */
  disconnect(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    const peer = this.peer;
    if (peer.state === 'closed') return;
    peer.state = 'closed';
    setTimeout(() => peer.onDisconnect.emit(peer), 0);
  }
}

export function portPair(name: string, sender?: PortSender): { client: FakePort; server: FakePort } {
  const client = new FakePort(name);
  const server = new FakePort(name, sender);
  client.peer = server;
  server.peer = client;
  return { client, server };
}

export const EXTENSION_ORIGIN = 'chrome-extension://preflighttest/';
export const CONTENT_SCRIPT_SENDER: PortSender = { url: 'https://emr.hospital.example/orders/123', tab: { id: 7 }, frameId: 0 };
export const EXTENSION_PAGE_SENDER: PortSender = { url: `${EXTENSION_ORIGIN}options.html` };

/**
 * A fake runtime: `connect()` reaches whatever owns the engine, if one is running. Without an
 * owner the port is disconnected at once, like Chrome's "receiving end does not exist".
 */
export class FakeRuntime {
  readonly onConnect = new FakeEvent<(port: PortLike) => void>();
  readonly clientPorts: FakePort[] = [];
  ownerRunning = true;

  constructor(private readonly sender: PortSender = CONTENT_SCRIPT_SENDER) {}

  connect = (name: string): FakePort => {
    const { client, server } = portPair(name, this.sender);
    this.clientPorts.push(client);
    if (this.ownerRunning) setTimeout(() => this.onConnect.emit(server), 0);
    else server.disconnect();
    return client;
  };

  get lastClientPort(): FakePort {
    return this.clientPorts[this.clientPorts.length - 1]!;
  }
}
