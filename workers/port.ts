/**
 * The slice of `runtime.Port` the engine RPC relies on. Declared here rather than taken from the
 * browser typings so the client and server run against fake ports in Node tests.
 */

export interface EventLike<Listener> {
  addListener(listener: Listener): void;
  removeListener(listener: Listener): void;
}

export interface PortSender {
  /** Page URL for content scripts; extension URL for extension pages and the service worker. */
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

export interface PortLike {
  readonly name: string;
  readonly sender?: PortSender;
  postMessage(message: unknown): void;
  disconnect(): void;
  readonly onMessage: EventLike<(message: unknown, port: PortLike) => void>;
  readonly onDisconnect: EventLike<(port: PortLike) => void>;
}
