import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

/**
 * An empty PGlite cluster, made once and kept as a tarball: initdb in WebAssembly takes 5–15 s,
 * loading the tarball about 1 s. Keyed by the PGlite version, so an upgrade makes a new one.
 */

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CACHE_DIR = path.join(REPO_ROOT, 'node_modules/.cache/preflight-hub-tests');

let inProcess: Promise<Blob> | undefined;

export function pgliteTemplate(): Promise<Blob> {
  inProcess ??= loadOrMake();
  return inProcess;
}

async function loadOrMake(): Promise<Blob> {
  const version = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;
  const file = path.join(CACHE_DIR, `empty-cluster-${version}.tar`);
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    // Not made yet: make it below.
  }
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('none');
  await db.close();
  mkdirSync(CACHE_DIR, { recursive: true });
  // Written aside and renamed, so a parallel test file never reads half a tarball.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file);
  return dump;
}
