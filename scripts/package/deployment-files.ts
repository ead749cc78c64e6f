import { z } from 'zod';
import { PublicKeyFileSchema, type PublicKeyFile } from '../../rules/pack/signature';

/**
 * The files hospital IT hands to Chrome/Chromium for a forced install: the update manifest
 * (Google's gupdate XML, which the ExtensionInstallForcelist entry points at) and an example
 * managed policy holding the forcelist entry and the extension's own settings (`3rdparty`, read
 * through public/managed_schema.json by settings/deployment-store.ts).
 */

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&apos;', '"': '&quot;' };

function xmlAttr(value: string): string {
  return value.replace(/[&<>'"]/g, (c) => XML_ESCAPES[c]!);
}

export interface UpdateXmlInput {
  appId: string;
  version: string;
  /** Where the browser downloads this version's CRX. */
  crxUrl: string;
  /** SHA-256 of the CRX file, hex: the browser refuses a download that differs. */
  sha256: string;
}

export function updateXml(input: UpdateXmlInput): string {
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    "<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>",
    `  <app appid='${xmlAttr(input.appId)}'>`,
    `    <updatecheck codebase='${xmlAttr(input.crxUrl)}' version='${xmlAttr(input.version)}' hash_sha256='${xmlAttr(input.sha256)}' />`,
    '  </app>',
    '</gupdate>',
    '',
  ].join('\n');
}

/** Stands in for the hub's signing key until IT passes `--trusted-keys` (`hub key show` output). */
export const TRUSTED_KEY_PLACEHOLDER = { keyId: '请替换：中心端 key show 输出的 keyId', publicKey: '请替换：中心端 key show 输出的 publicKey' };
/** Each workstation has its own token; a placeholder the extension refuses (so nothing uploads with it). */
export const HUB_TOKEN_PLACEHOLDER = 'pfh_请替换为本工作站的令牌';

export interface PolicyInput {
  appId: string;
  updateXmlUrl: string;
  /** The hub's base URL (packs and uploads). */
  hubUrl: string;
  trustedKeys: PublicKeyFile[] | undefined;
}

/**
 * /etc/chromium/policies/managed/preflight.json (Chrome: /etc/opt/chrome/policies/managed/). Every
 * key under 3rdparty is one of public/managed_schema.json; Chrome drops keys the schema lacks.
 */
export function policyExample(input: PolicyInput): Record<string, unknown> {
  const hub = input.hubUrl.replace(/\/+$/, '');
  return {
    ExtensionInstallForcelist: [`${input.appId};${input.updateXmlUrl}`],
    '3rdparty': {
      extensions: {
        [input.appId]: {
          hospitalName: '某市第一人民医院',
          institutionLevel: 3,
          packUpdateUrl: `${hub}/api/v1/packs/latest`,
          packUpdateIntervalMinutes: 30,
          trustedKeys: input.trustedKeys ?? [TRUSTED_KEY_PLACEHOLDER],
          hubUrl: hub,
          hubToken: HUB_TOKEN_PLACEHOLDER,
          policy: { warningBlocksSubmit: false, allowLocalProfiles: false },
        },
      },
    },
  };
}

const KeyFileSchema = z.union([PublicKeyFileSchema, z.array(PublicKeyFileSchema).min(1)]);

/** A `hub key show` / `preflight pack keygen` public key file: one key or an array of them. */
export function parseTrustedKeys(text: string, source: string): PublicKeyFile[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${source} is not JSON (expected the output of \`hub key show\`)`);
  }
  const parsed = KeyFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${source}: expected {keyId, publicKey} or an array of them (the output of \`hub key show\`)`);
  return Array.isArray(parsed.data) ? parsed.data : [parsed.data];
}
