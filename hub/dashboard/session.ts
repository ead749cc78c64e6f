import { SessionSchema, type Session } from '../../contract/roles';
import { HubClient, type HubClientOptions } from './api-client';

/**
 * The signed-in token. It is kept in sessionStorage: it survives a reload of the tab but not
 * closing it, and other tabs and windows never see it. Never in the URL, never in localStorage.
 */

const TOKEN_KEY = 'preflight.hub.token';

/** What a hub token looks like (hub/src/auth/tokens.ts); anything else is refused before a request. */
export const TOKEN_SHAPE = /^pfh_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/;

export interface SignedIn {
  token: string;
  session: Session;
  client: HubClient;
}

export function storedToken(storage: Storage = sessionStorage): string | undefined {
  return storage.getItem(TOKEN_KEY) ?? undefined;
}

export function forgetToken(storage: Storage = sessionStorage): void {
  storage.removeItem(TOKEN_KEY);
}

/** Asks the hub who the token is; keeps it only when the hub knows it. */
export async function signIn(token: string, options: HubClientOptions = {}, storage: Storage = sessionStorage): Promise<SignedIn> {
  const trimmed = token.trim();
  const client = new HubClient(trimmed, options);
  const session = await client.get('/me', {}, SessionSchema);
  storage.setItem(TOKEN_KEY, trimmed);
  return { token: trimmed, session, client };
}
