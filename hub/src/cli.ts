import { parseArgs } from 'node:util';
import { loadPepper } from './auth/pepper';
import { RoleSchema } from '../../contract/roles';
import { createToken, listTokens, revokeToken } from './auth/tokens';
import { readConfig } from './config';
import { openSigningKeys } from './packs/signing-key';
import { migrate } from './db/migrate';
import { openConfiguredDb } from './db/open';
import { checkData } from './db/integrity';
import { DamagedDataError } from './db/pglite-dir';
import { rebuildRollup } from './stats/rollup';
import { listPacks, withdrawPack } from './packs/store';
import { PackVersionSchema } from '../../rules/pack/schema';

/**
 * Bootstrapping and housekeeping straight on the database (same HUB_DATA_DIR / DATABASE_URL as
 * the server; stop a PGlite hub first — its data directory has one user at a time):
 *
 *   npx tsx hub/src/cli.ts token create --role workstation --label "门诊3诊室"
 *   npx tsx hub/src/cli.ts token create --role department-lead --department 心血管内科 --label "心内科 主任"
 *   npx tsx hub/src/cli.ts token list
 *   npx tsx hub/src/cli.ts token revoke <id>
 *   npx tsx hub/src/cli.ts pack withdraw 20261201 --reason "版本号输错，应为 2026.12.1"
 *   npx tsx hub/src/cli.ts pack list
 *   npx tsx hub/src/cli.ts key show          # the pack signing key's public half, for the workstations' policy
 *   npx tsx hub/src/cli.ts migrate
 *   npx tsx hub/src/cli.ts rollup rebuild     # after loading events by other means than the API
 */

const USAGE = `usage:
  hub token create --role workstation|quality|insurance-office|admin --label TEXT
  hub token create --role department-lead --department 科室 --label TEXT
  hub token list
  hub token revoke ID
  hub pack withdraw VERSION --reason TEXT
  hub pack list
  hub key show
  hub migrate
  hub rollup rebuild`;

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, label: { type: 'string' }, reason: { type: 'string' }, department: { type: 'string' } },
  });
  const command = positionals.join(' ');
  const config = readConfig();
  // Files only, no database: works beside a running hub.
  if (command === 'key show') {
    const ring = (await openSigningKeys(config.dataDir)).describe();
    console.error(`当前签名密钥 ${ring.current.keyId}；请把下面的公钥配置为各工作站的受信任密钥 / the current signing key; trust it on the workstations:`);
    const keys = [ring.current, ...(ring.next ? [ring.next.key] : [])];
    if (ring.next) console.error(`新密钥 ${ring.next.key.keyId} 将于 ${ring.next.from} 启用，过渡期内两把都要信任 / the next key takes over then; trust both meanwhile`);
    console.log(JSON.stringify(keys.length === 1 ? keys[0] : keys, null, 1));
    return 0;
  }
  const db = await openConfiguredDb(config);
  try {
    await migrate(db);
    const health = await checkData(db, 'full');
    if (!health.ok) throw new DamagedDataError(health.message);
    if (command === 'migrate') {
      console.log('schema is up to date');
      return 0;
    }
    if (command === 'rollup rebuild') {
      await rebuildRollup(db);
      console.log('statistics rollup recounted from the events table');
      return 0;
    }
    if (command === 'token create') {
      const role = RoleSchema.safeParse(values.role);
      const label = values.label?.trim();
      const department = values.department?.trim() || null;
      // A 科室 lead speaks for one department of the doctor directory; no other role has one.
      if (!role.success || !label || (role.data === 'department-lead') !== (department !== null) || (department?.length ?? 0) > 100) {
        console.error(USAGE);
        return 2;
      }
      const issued = await createToken(db, loadPepper(config.dataDir, config.tokenPepper), { role: role.data, label, department });
      console.error(`created ${issued.role} token ${issued.id} (${issued.label}); it is shown only now:`);
      // The token alone on stdout, so `TOKEN=$(… token create …)` works.
      console.log(issued.token);
      return 0;
    }
    if (command === 'token list') {
      for (const t of await listTokens(db)) {
        // The secret is never stored, so it cannot be listed: the masked form names the token.
        console.log([t.id, t.masked, t.department ? `${t.role}:${t.department}` : t.role, t.revokedAt ? `revoked ${t.revokedAt}` : 'active', t.createdAt, t.label].join('\t'));
      }
      return 0;
    }
    if (positionals[0] === 'token' && positionals[1] === 'revoke' && positionals.length === 3) {
      const revoked = await revokeToken(db, positionals[2]!);
      console.error(revoked ? `revoked ${positionals[2]}` : `no live token ${positionals[2]}`);
      return revoked ? 0 : 1;
    }
    if (command === 'pack list') {
      for (const p of await listPacks(db)) {
        console.log([p.version, p.packId, p.publishedAt, p.withdrawn ? `withdrawn ${p.withdrawn.at}: ${p.withdrawn.reason}` : 'published'].join('\t'));
      }
      return 0;
    }
    if (positionals[0] === 'pack' && positionals[1] === 'withdraw' && positionals.length === 3) {
      const version = PackVersionSchema.safeParse(positionals[2]);
      const reason = values.reason?.trim();
      if (!version.success || !reason) {
        console.error(USAGE);
        return 2;
      }
      const withdrawn = await withdrawPack(db, version.data, null, reason);
      console.error(withdrawn ? `已撤回规则包 ${withdrawn.packId} ${withdrawn.version} / withdrawn` : `没有可撤回的版本 ${version.data}（不存在或已撤回）/ no such version, or withdrawn already`);
      return withdrawn ? 0 : 1;
    }
    console.error(USAGE);
    return 2;
  } finally {
    await db.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[hub] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
