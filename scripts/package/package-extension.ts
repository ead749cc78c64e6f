import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PublicKeyFile } from '../../rules/pack/signature';
import { extensionIdOfPem, readCrx3 } from './crx';
import { policyExample, updateXml } from './deployment-files';

/**
 * Turns the built extension into what ExtensionInstallForcelist needs: a CRX3 signed with the
 * hospital's extension key (packed by Chromium itself), update.xml naming its id, version and URL,
 * and an example policy. The key decides the extension id, so it is made once, kept outside what is
 * published and never committed; every release is packed with the same key.
 */

export interface PackageOptions {
  /** The built extension (`.output/chrome-mv3`). */
  extensionDir: string;
  outDir: string;
  /** PEM private key; made here when the file does not exist. */
  keyPath: string;
  /** Where update.xml and the CRX are served, e.g. https://preflight.hospital.example/extension/ */
  baseUrl: string;
  /** The hub's base URL for the example policy; the base URL's origin when absent. */
  hubUrl?: string;
  trustedKeys?: PublicKeyFile[];
  chromium?: string;
  /** The repository: a key file inside it must be git-ignored. */
  repoRoot?: string;
}

export interface PackageResult {
  id: string;
  version: string;
  keyPath: string;
  keyCreated: boolean;
  crxPath: string;
  crxUrl: string;
  updateXmlPath: string;
  updateXmlUrl: string;
  policyPath: string;
}

export const CRX_BASENAME = 'preflight';

/** An http(s) base URL ending with '/', so file names resolve inside it. */
export function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`invalid base URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`the base URL must be http(s): ${raw}`);
  if (url.search || url.hash) throw new Error(`the base URL must not carry a query or fragment: ${raw}`);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** A key file git would pick up is a key about to be published: refused before it is used or made. */
function assertNotCommittable(keyPath: string, repoRoot: string | undefined): void {
  if (!repoRoot || !isInside(path.resolve(repoRoot), keyPath)) return;
  const check = spawnSync('git', ['check-ignore', '-q', '--', keyPath], { cwd: repoRoot });
  // 0: ignored; 1: not ignored; anything else (no git, not a work tree): nothing to judge by.
  if (check.status === 1) {
    throw new Error(
      `扩展私钥 ${keyPath} 在代码库中且未被 .gitignore 忽略，会被提交；请放到代码库之外（--key）/ ` + `the extension key would be committed: keep it outside the repository`,
    );
  }
}

/** Reads the key, or makes a new RSA-2048 key (what Chromium makes) readable by its owner only. */
export function ensureKey(keyPath: string, repoRoot?: string): { pem: string; created: boolean } {
  assertNotCommittable(keyPath, repoRoot);
  if (existsSync(keyPath)) {
    const mode = statSync(keyPath).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      console.warn(`[package] 警告：扩展私钥 ${keyPath} 的权限为 ${mode.toString(8)}，其他用户可读；请 chmod 600 / the key is readable by other users`);
    }
    return { pem: readFileSync(keyPath, 'utf8'), created: false };
  }
  mkdirSync(path.dirname(keyPath), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(keyPath, pem, { mode: 0o600, flag: 'wx' });
  return { pem, created: true };
}

function readManifest(extensionDir: string): Record<string, unknown> & { version: string } {
  const file = path.join(extensionDir, 'manifest.json');
  if (!existsSync(file)) throw new Error(`no built extension in ${extensionDir} (manifest.json missing): run \`npx wxt build\``);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (typeof manifest.version !== 'string' || !/^\d+(\.\d+){0,3}$/.test(manifest.version)) throw new Error(`manifest.json has no valid version`);
  if (manifest.manifest_version !== 3) throw new Error('expected a Manifest V3 build (.output/chrome-mv3)');
  return manifest as Record<string, unknown> & { version: string };
}

export function packageExtension(options: PackageOptions): PackageResult {
  const baseUrl = normaliseBaseUrl(options.baseUrl);
  const keyPath = path.resolve(options.keyPath);
  const manifest = readManifest(options.extensionDir);
  const { pem, created } = ensureKey(keyPath, options.repoRoot);
  const id = extensionIdOfPem(pem);
  const updateXmlUrl = new URL('update.xml', baseUrl).href;
  const crxName = `${CRX_BASENAME}-${manifest.version}.crx`;
  const crxUrl = new URL(crxName, baseUrl).href;

  const work = mkdtempSync(path.join(tmpdir(), 'preflight-package-'));
  try {
    const stage = path.join(work, CRX_BASENAME);
    cpSync(options.extensionDir, stage, { recursive: true });
    // The forcelist URL serves the first install only; later updates follow the manifest's update_url.
    writeFileSync(path.join(stage, 'manifest.json'), `${JSON.stringify({ ...manifest, update_url: updateXmlUrl }, null, 2)}\n`);
    const chromium = options.chromium ?? process.env.PREFLIGHT_CHROMIUM ?? '/usr/bin/chromium';
    if (!existsSync(chromium)) throw new Error(`no Chromium at ${chromium} to pack the extension (apt-get install chromium, or set PREFLIGHT_CHROMIUM)`);
    // Its own profile directory: with the user's, a running browser would take the command over.
    execFileSync(
      chromium,
      ['--headless=new', '--no-sandbox', `--user-data-dir=${path.join(work, 'profile')}`, `--pack-extension=${stage}`, `--pack-extension-key=${keyPath}`],
      { stdio: 'pipe', timeout: 120_000 },
    );
    const packed = path.join(work, `${CRX_BASENAME}.crx`);
    if (!existsSync(packed)) throw new Error('Chromium wrote no CRX file (see its output above)');
    const crxBytes = readFileSync(packed);
    const crx = readCrx3(crxBytes);
    if (crx.id !== id || !crx.proofs.some((proof) => proof.id === id && proof.valid)) {
      throw new Error(`the packed CRX names id ${crx.id}, the key gives ${id}: not publishing it`);
    }

    mkdirSync(options.outDir, { recursive: true });
    const crxPath = path.resolve(options.outDir, crxName);
    copyFileSync(packed, crxPath);
    // Public files, served by the web server as they are.
    chmodSync(crxPath, 0o644);
    const updateXmlPath = path.resolve(options.outDir, 'update.xml');
    const sha256 = createHash('sha256').update(crxBytes).digest('hex');
    writeFileSync(updateXmlPath, updateXml({ appId: id, version: manifest.version, crxUrl, sha256 }), { mode: 0o644 });
    const policyPath = path.resolve(options.outDir, 'chromium-policy.example.json');
    const hubUrl = options.hubUrl ?? new URL(baseUrl).origin;
    const policy = policyExample({ appId: id, updateXmlUrl, hubUrl, trustedKeys: options.trustedKeys });
    writeFileSync(policyPath, `${JSON.stringify(policy, null, 2)}\n`, { mode: 0o644 });
    return { id, version: manifest.version, keyPath, keyCreated: created, crxPath, crxUrl, updateXmlPath, updateXmlUrl, policyPath };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
