import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, MIGRATIONS_DIR } from '../../hub/src/db/migrate';
import { DRIVERS, OPEN_TIMEOUT_MS, openTestDb, type TestDb } from './support/db';

describe.each(DRIVERS)('migrations on %s', (driver) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(driver);
  }, OPEN_TIMEOUT_MS);
  afterAll(() => t.dispose());

  it('applies every migration once, in order, and records it', async () => {
    const files = loadMigrations();
    expect(files.map((m) => m.version)).toEqual(files.map((_, i) => i + 1));
    const first = await migrate(t.db);
    expect(first.applied).toEqual(files.map((m) => m.version));
    const recorded = await t.db.query<{ version: number; name: string; checksum: string }>('SELECT version, name, checksum FROM schema_migrations ORDER BY version');
    expect(recorded.rows).toEqual(files.map((m) => ({ version: m.version, name: m.name, checksum: m.checksum })));
    const tables = await t.db.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name",
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(['appeal_links', 'appeals', 'event_rollup', 'events', 'hub_instance', 'order_summaries', 'packs', 'prescribers', 'rule_names', 'rule_reports', 'schema_migrations', 'tokens', 'verdicts']);
  });

  it('is a no-op the second time', async () => {
    const before = await t.db.query('SELECT version, applied_at FROM schema_migrations ORDER BY version');
    const again = await migrate(t.db);
    expect(again.applied).toEqual([]);
    expect(again.current).toBe(loadMigrations().length);
    const after = await t.db.query('SELECT version, applied_at FROM schema_migrations ORDER BY version');
    expect(after.rows).toEqual(before.rows);
  });

  it('refuses to run when an applied migration was edited', async () => {
    const edited = loadMigrations().map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited`, checksum: 'f'.repeat(64) } : m));
    await expect(migrate(t.db, edited)).rejects.toThrow(/was changed after it was applied/);
  });

  it('applies a new migration on top, atomically with its record', async () => {
    const current = loadMigrations();
    const next = { version: current.length + 1, name: 'add_note', sql: 'ALTER TABLE rule_reports ADD COLUMN note text;', checksum: 'a'.repeat(64) };
    const broken = { ...next, sql: 'ALTER TABLE rule_reports ADD COLUMN note text; SELECT * FROM no_such_table;' };
    await expect(migrate(t.db, [...current, broken])).rejects.toThrow();
    // The failed migration left neither its column nor its record behind.
    const column = await t.db.query("SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'rule_reports' AND column_name = 'note'");
    expect(column.rows).toHaveLength(0);
    expect((await t.db.query('SELECT version FROM schema_migrations')).rows).toHaveLength(current.length);

    expect((await migrate(t.db, [...current, next])).applied).toEqual([next.version]);
    // A hub that does not know migration 2 refuses the newer database instead of running on it.
    await expect(migrate(t.db, current)).rejects.toThrow(/newer than this hub/);
  });
});

describe('migration files', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const dirWith = (files: Record<string, string>) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hub-migrations-'));
    dirs.push(dir);
    for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(dir, name), sql);
    return dir;
  };

  it('are numbered without gaps', () => {
    expect(() => loadMigrations(dirWith({ '001_a.sql': 'SELECT 1;', '003_c.sql': 'SELECT 1;' }))).toThrow(/without gaps/);
  });

  it('are named NNN_name.sql', () => {
    expect(() => loadMigrations(dirWith({ '1-init.sql': 'SELECT 1;' }))).toThrow(/001_name\.sql/);
  });

  it('are read from hub/migrations', () => {
    expect(MIGRATIONS_DIR.replaceAll('\\', '/')).toMatch(/hub\/migrations\/$/);
    expect(loadMigrations()[0]).toMatchObject({ version: 1, name: 'init' });
  });
});
