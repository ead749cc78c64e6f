/**
 * Failed logins: counted, and logged with no more of the presented token than the first six
 * characters of its id (never the secret, never the whole id, which is half of a credential).
 * Enough to tell a misconfigured workstation (the same prefix over and over) from guessing
 * (many prefixes), without the log itself becoming a place to steal tokens from.
 */

export type LoginFailure = 'malformed' | 'rejected';

export class FailedLogins {
  total = 0;
  readonly byPrefix = new Map<string, number>();

  constructor(private readonly log: (message: string) => void = (message) => console.warn(message)) {}

  record(presented: string, why: LoginFailure, where: string): void {
    this.total++;
    // Role tokens (pfh_) and appeal links (pfa_) alike.
    const [, kind, id] = /^(pf[ha])_([0-9a-f]{16})_/.exec(presented) ?? [];
    const prefix = id ? `${kind}_${id.slice(0, 6)}…` : '(格式不符 / malformed)';
    const count = (this.byPrefix.get(prefix) ?? 0) + 1;
    this.byPrefix.set(prefix, count);
    const reason = why === 'malformed' ? '令牌格式不符 / malformed token' : '令牌未知、已吊销或密钥不符 / unknown, revoked or wrong secret';
    this.log(`[hub] 登录失败 #${this.total}（此令牌第 ${count} 次）：${prefix} ${reason} — ${where}`);
  }
}

/** The process's counter; tests give an app their own through HubDeps.failedLogins. */
export const failedLogins = new FailedLogins();
