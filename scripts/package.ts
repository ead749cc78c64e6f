import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseTrustedKeys } from './package/deployment-files';
import { packageExtension } from './package/package-extension';
import { EXTENSION_DIR, REPO_ROOT } from './launch-extension';

/**
 * `npm run package -- --base-url https://preflight.hospital.example/extension/ [--key FILE]
 * [--hub-url URL] [--trusted-keys hub-key.json] [--out DIR] [--skip-build]`: builds the extension
 * and writes the signed CRX, update.xml and an example policy for ExtensionInstallForcelist
 * (hub/docs/部署指南.md, 第六节).
 */

const USAGE = `usage: npm run package -- [options]
  --base-url URL       where update.xml and the CRX will be served (env PREFLIGHT_UPDATE_BASE_URL)
  --key FILE           the extension's private key, made on the first run (env PREFLIGHT_EXTENSION_KEY;
                       default artifacts/extension-key/preflight-extension.pem)
  --hub-url URL        the hub, for the example policy (default: the base URL's origin)
  --trusted-keys FILE  the hub's public signing key (\`hub key show\` output), for the example policy
  --out DIR            output directory (default artifacts/package)
  --skip-build         use the existing build in .output/chrome-mv3`;

const EXAMPLE_BASE_URL = 'https://preflight.hospital.example/extension/';

function main(): number {
  const { values } = parseArgs({
    options: {
      'base-url': { type: 'string' },
      key: { type: 'string' },
      'hub-url': { type: 'string' },
      'trusted-keys': { type: 'string' },
      out: { type: 'string' },
      'skip-build': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const baseUrl = values['base-url'] ?? process.env.PREFLIGHT_UPDATE_BASE_URL;
  const keyPath = values.key ?? process.env.PREFLIGHT_EXTENSION_KEY ?? path.join(REPO_ROOT, 'artifacts/extension-key/preflight-extension.pem');
  const hubUrl = values['hub-url'] ?? process.env.PREFLIGHT_HUB_URL;
  const trustedKeys = values['trusted-keys'] ? parseTrustedKeys(readFileSync(values['trusted-keys'], 'utf8'), values['trusted-keys']) : undefined;
  if (!values['skip-build']) {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  const result = packageExtension({
    extensionDir: EXTENSION_DIR,
    outDir: path.resolve(values.out ?? path.join(REPO_ROOT, 'artifacts/package')),
    keyPath,
    baseUrl: baseUrl ?? EXAMPLE_BASE_URL,
    ...(hubUrl ? { hubUrl } : {}),
    ...(trustedKeys ? { trustedKeys } : {}),
    repoRoot: REPO_ROOT,
  });

  const lines = [
    `已打包 Preflight ${result.version}，扩展 ID ${result.id} / packaged`,
    `  CRX         ${result.crxPath}`,
    `              → 放到网站上，地址 ${result.crxUrl}`,
    `  update.xml  ${result.updateXmlPath}`,
    `              → 放到网站上，地址 ${result.updateXmlUrl}`,
    `  策略示例    ${result.policyPath}`,
    `              → 改好医院名称、令牌和公钥后放到 /etc/chromium/policies/managed/（Chrome：/etc/opt/chrome/policies/managed/）`,
    `  扩展私钥    ${result.keyPath}（不要放到网站上）`,
  ];
  console.log(lines.join('\n'));
  if (!baseUrl) {
    console.warn(`\n注意：未指定 --base-url，文件中的地址是示例 ${EXAMPLE_BASE_URL}；正式部署请用实际地址重新打包 / no --base-url given: the URLs are examples`);
  }
  if (!trustedKeys) {
    console.warn('注意：策略示例中的 trustedKeys 是占位内容；用 --trusted-keys 传入中心端 `key show` 的输出，或手工替换 / trustedKeys is a placeholder');
  }
  if (result.keyCreated) {
    const bar = '!'.repeat(78);
    console.warn(
      [
        '',
        bar,
        `新建了扩展私钥：${result.keyPath}`,
        '请立即备份到安全的地方，以后每次打包都用同一个私钥（--key 或 PREFLIGHT_EXTENSION_KEY）。',
        '扩展 ID 由这把私钥决定：私钥丢失后，新版本会成为另一个扩展，所有工作站的策略都要重新配置。',
        '切勿提交到代码库，切勿和 CRX 一起放到网站上。',
        `A new extension key was made at ${result.keyPath}: back it up and pack every release with it;`,
        'the extension id derives from it. Never commit it or publish it with the CRX.',
        bar,
      ].join('\n'),
    );
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`[package] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
