/**
 * The database is away (server restarting, connection cut by an administrator, network down).
 * Not the client's fault and not a bug: requests answer 503 with Retry-After, and the senders
 * (the workstation uploader backs off on 5xx) try again later. Nothing was acknowledged.
 */
export class DatabaseUnavailableError extends Error {
  constructor(
    /** Seconds a client should wait before trying again. */
    readonly retryAfterSeconds: number,
    cause?: unknown,
  ) {
    super('数据库暂时不可用，请稍后重试 / the database is temporarily unavailable', cause === undefined ? undefined : { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * SQLSTATE classes and socket errors that mean "the connection or the server went away", as
 * opposed to an error in the statement: 08 connection exception, 57P01–57P03 admin/crash
 * shutdown and "cannot connect now" (starting up or shutting down), 53300 too many connections.
 */
const LOST_CODES = new Set(['57P01', '57P02', '57P03', '53300', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export function isConnectionLost(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (LOST_CODES.has(code) || code.startsWith('08'))) return true;
  const message = error instanceof Error ? error.message : '';
  // node-postgres' own wording when the socket closes under a query or a checkout.
  return /Connection terminated|connection timeout|Client has encountered a connection error|server closed the connection/i.test(message);
}
