import path from 'node:path';
import { z } from 'zod';
import { MAX_PACK_BYTES } from '../../rules/pack/load';

/**
 * Everything the hub reads from its environment, validated once at start-up so a typo in a
 * variable stops the hub with a message instead of surfacing as odd behaviour later.
 */

const port = z.coerce.number().int().min(0).max(65_535);
const bytes = z.coerce.number().int().positive();

const EnvSchema = z.object({
  HUB_HOST: z.string().min(1).default('127.0.0.1'),
  HUB_PORT: port.default(8787),
  /** PGlite's database and the token pepper live here unless configured otherwise. */
  HUB_DATA_DIR: z.string().min(1).default('./.hub-data'),
  /** A PostgreSQL server instead of the embedded database. */
  DATABASE_URL: z.string().url().optional(),
  /** At least 32 characters; overrides the pepper file in the data directory. */
  HUB_TOKEN_PEPPER: z.string().min(32, 'HUB_TOKEN_PEPPER must be at least 32 characters').optional(),
  /** Comma-separated origins allowed to call the API from a browser (the extension's origin). */
  HUB_CORS_ORIGINS: z.string().default(''),
  /** A JSON file: one trusted public key, or an array of them (`preflight pack keygen` output). */
  HUB_TRUSTED_KEYS_FILE: z.string().min(1).optional(),
  /** The hospital's zone: calendar days in statistics and pack expiry are judged here. */
  HUB_TIMEZONE: z.string().min(1).default('Asia/Shanghai'),
  HUB_MAX_BODY_BYTES: bytes.default(1024 * 1024),
  HUB_MAX_PACK_BYTES: bytes.default(MAX_PACK_BYTES),
  /** How often the 3101 service looks for a newer pack published through another hub process. */
  HUB_PACK_REFRESH_MS: z.coerce.number().int().min(0).max(3_600_000).default(1000),
  /**
   * Calendar days (hospital zone) a doctor may appeal a 确认违规 verdict, counted from the day after
   * the verdict; 0: no appeal, verdicts are final at once. Internal 记分 rules usually give 3.
   */
  HUB_APPEAL_DAYS: z.coerce.number().int().min(0).max(90).default(3),
});

export interface HubConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  tokenPepper: string | undefined;
  corsOrigins: string[];
  trustedKeysFile: string | undefined;
  timeZone: string;
  maxBodyBytes: number;
  maxPackBytes: number;
  packRefreshMs: number;
  appealDays: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`hub configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    host: e.HUB_HOST,
    port: e.HUB_PORT,
    dataDir: path.resolve(e.HUB_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    tokenPepper: e.HUB_TOKEN_PEPPER,
    corsOrigins: e.HUB_CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean),
    trustedKeysFile: e.HUB_TRUSTED_KEYS_FILE,
    timeZone: e.HUB_TIMEZONE,
    maxBodyBytes: e.HUB_MAX_BODY_BYTES,
    maxPackBytes: e.HUB_MAX_PACK_BYTES,
    packRefreshMs: e.HUB_PACK_REFRESH_MS,
    appealDays: e.HUB_APPEAL_DAYS,
  };
}
