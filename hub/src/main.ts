// First: every schema built after it parses without zod's cycle memoizer (see the module).
import './zod-json-only';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { readConfig } from './config';
import { openHub } from './hub';

/**
 * `npm run hub`: the hospital hub on HUB_HOST:HUB_PORT (127.0.0.1:8787), storing in PGlite under
 * HUB_DATA_DIR (./.hub-data) unless DATABASE_URL names a PostgreSQL server.
 */

async function main(): Promise<void> {
  const config = readConfig();
  const hub = await openHub(config);
  const server = serve({ fetch: hub.app.fetch, hostname: config.host, port: config.port }, (info: AddressInfo) => {
    const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
    // Tests and scripts read this line to learn the port when HUB_PORT=0.
    console.log(`preflight hub listening on http://${info.address}:${info.port} — ${where}`);
    const keys = hub.deps.signing?.describe();
    if (keys) {
      console.log(`pack signing key ${keys.current.keyId} (workstations must trust it: GET /api/v1/keys or \`hub key show\`)`);
      if (keys.next) console.log(`next signing key ${keys.next.key.keyId} takes over at ${keys.next.from}`);
    }
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing`);
    // Stop accepting, let requests in flight finish (their answers follow their commits, the
    // 3101 service's group commits included), then close the database.
    server.close(() => {
      (hub.deps.nhsa?.writer.drain() ?? Promise.resolve()).then(() => hub.db.close()).then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('[hub] closing the database failed:', error);
          process.exit(1);
        },
      );
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`[hub] cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
