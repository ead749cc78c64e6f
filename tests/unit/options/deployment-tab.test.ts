// @vitest-environment happy-dom
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DeploymentPanel } from '../../../components/options/deployment/DeploymentPanel';
import { deploymentStorageOver } from '../../../components/options/deployment/deployment-services';
import { createPackService, type PackService } from '../../../components/options/deployment/pack-service';
import { REJECT_MESSAGES } from '../../../rules/pack/accept';
import { generateSigningKeys } from '../../../rules/pack/signature';
import { LOCAL_DEPLOYMENT_KEY, type ManagedArea } from '../../../settings/deployment-store';
import type { SettingsArea } from '../../../settings/store';
import {
  PACK_CHECK_NOW_MESSAGE,
  PACK_INSTALL_MESSAGE,
  PACK_STATUS_MESSAGE,
  PackSourceSchema,
  UpdateCheckOutcomeSchema,
  type PackRequest,
  type PackStatus,
} from '../../../pack-updates/messages';
import { buttonByText, choose, mount, press, typeInto, waitFor } from './support';

function memoryArea(initial: Record<string, unknown> = {}): SettingsArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = structuredClone(initial);
  return {
    data,
    get: async (key: string) => (key in data ? { [key]: structuredClone(data[key]) } : {}),
    set: async (items: Record<string, unknown>) => void Object.assign(data, structuredClone(items)),
  };
}

const managed = (values: Record<string, unknown>): ManagedArea => ({ get: async () => values });
const noPolicy = managed({});

const BUILT_IN_STATUS: PackStatus = {
  active: { id: 'demo-nhsa-2026', version: '2026.11.1', ruleCount: 2615, source: 'built-in', keyId: null, activatedAt: '2026-11-20T02:00:00.000Z' },
  updateUrl: null,
  intervalMinutes: 30,
  lastCheck: null,
  nextCheckAt: null,
};

/** A background that answers the status message with `status` and check-now with `checkNow`. */
function fakeBackground(answers: { status?: unknown; checkNow?: unknown; install?: unknown }): { service: PackService; asked: PackRequest[] } {
  const asked: PackRequest[] = [];
  const service = createPackService(async (request) => {
    asked.push(request);
    if (request.type === PACK_STATUS_MESSAGE) return answers.status;
    if (request.type === PACK_CHECK_NOW_MESSAGE) return answers.checkNow;
    if (request.type === PACK_INSTALL_MESSAGE) return answers.install;
    return undefined;
  });
  return { service, asked };
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function openTab(local: SettingsArea, policy: ManagedArea, packs: PackService = fakeBackground({ status: BUILT_IN_STATUS }).service) {
  const view = mount(h(DeploymentPanel, { storage: deploymentStorageOver(local, policy), packs }));
  cleanups.push(view.unmount);
  const root = view.container;
  await waitFor(() => root.querySelector('form.op-deploy-form'));
  return root;
}

const field = (root: HTMLElement, path: string) => root.querySelector<HTMLElement>(`.op-field[data-path="${path}"]`)!;
const errorPaths = (root: HTMLElement) => [...root.querySelectorAll('.op-field-errors li')].map((li) => li.getAttribute('data-error-path'));
const stored = (area: { data: Record<string, unknown> }) => area.data[LOCAL_DEPLOYMENT_KEY] as Record<string, unknown> | undefined;

describe('the deployment tab', () => {
  it('shows fields set by hospital policy with their value and a lock, without a way to edit them', async () => {
    const local = memoryArea({ [LOCAL_DEPLOYMENT_KEY]: { hospitalName: '本地名称', packUpdateUrl: 'http://old.example/p.json' } });
    const policy = managed({
      packUpdateUrl: 'https://packs.hospital.example/latest.signed.json',
      hubToken: 'pfh_ws0012_s3cretVALUEnotToShow',
      institutionLevel: 3,
      policy: { silent: true },
    });
    const root = await openTab(local, policy);

    const url = field(root, 'packUpdateUrl');
    expect(url.getAttribute('data-locked')).toBe('true');
    expect(url.textContent).toContain('https://packs.hospital.example/latest.signed.json');
    expect(url.textContent).toContain('由医院策略设置');
    expect(url.querySelector('svg.op-lock-icon')).not.toBeNull();
    expect(url.querySelector('input, select, textarea')).toBeNull();

    const token = field(root, 'hubToken');
    expect(token.getAttribute('data-locked')).toBe('true');
    expect(token.textContent).toContain('pfh_ws0012_••••••');
    expect(root.textContent).not.toContain('s3cretVALUE');

    expect(field(root, 'institutionLevel').textContent).toContain('三级');
    expect(field(root, 'institutionLevel').querySelector('select')).toBeNull();
    expect(field(root, 'policy.silent').getAttribute('data-locked')).toBe('true');
    expect(field(root, 'policy.silent').textContent).toContain('是');
    // What policy leaves alone stays editable.
    expect(field(root, 'policy.warningBlocksSubmit').querySelector('select')).not.toBeNull();
    expect(field(root, 'hospitalName').querySelector<HTMLInputElement>('input')!.value).toBe('本地名称');

    // Saving the editable fields neither touches nor trips over the locked ones.
    await typeInto(root.querySelector('#deploy-hospitalName'), '市第一人民医院');
    await choose(root.querySelector('#deploy-policy-warningBlocksSubmit'), 'on');
    await press(root.querySelector('#deploy-save'));
    await waitFor(() => root.textContent?.includes('已保存'));
    expect(stored(local)).toEqual({ hospitalName: '市第一人民医院', packUpdateUrl: 'http://old.example/p.json', policy: { warningBlocksSubmit: true } });
  });

  it('reports an invalid URL and interval at their fields and saves nothing until they are fixed', async () => {
    const local = memoryArea({ [LOCAL_DEPLOYMENT_KEY]: { hospitalName: '县人民医院' } });
    const root = await openTab(local, noPolicy);
    const before = JSON.stringify(local.data);

    await typeInto(root.querySelector('#deploy-packUpdateUrl'), 'ftp://packs.example/latest.json');
    await typeInto(root.querySelector('#deploy-packUpdateIntervalMinutes'), '2');
    await typeInto(root.querySelector('#deploy-hubToken'), 'token-without-prefix');
    await press(root.querySelector('#deploy-save'));
    expect(errorPaths(root).sort()).toEqual(['hubToken', 'packUpdateIntervalMinutes', 'packUpdateUrl']);
    expect(field(root, 'packUpdateUrl').textContent).toContain('http:// 或 https://');
    expect(field(root, 'packUpdateIntervalMinutes').textContent).toContain('5 至 1440');
    expect(root.querySelector('.op-deploy-form .op-error-summary')!.textContent).toContain('3 处');
    expect(JSON.stringify(local.data)).toBe(before);

    await typeInto(root.querySelector('#deploy-packUpdateUrl'), 'http://10.2.0.8:8080/packs/latest.signed.json');
    await typeInto(root.querySelector('#deploy-packUpdateIntervalMinutes'), '60');
    await typeInto(root.querySelector('#deploy-hubToken'), 'pfh_ws0012_abcDEF123');
    expect(errorPaths(root)).toEqual([]);
    await press(root.querySelector('#deploy-save'));
    await waitFor(() => stored(local)?.packUpdateUrl);
    expect(stored(local)).toEqual({
      hospitalName: '县人民医院',
      packUpdateUrl: 'http://10.2.0.8:8080/packs/latest.signed.json',
      packUpdateIntervalMinutes: 60,
      hubToken: 'pfh_ws0012_abcDEF123',
    });
    // The stored token is never put back into a field.
    await waitFor(() => root.querySelector<HTMLInputElement>('#deploy-hubToken')?.value === '');
    expect(field(root, 'hubToken').textContent).toContain('pfh_ws0012_••••••');
  });

  it('lists trusted keys by keyId, adds a pasted public key, refuses a private one and removes one', async () => {
    const [first, second, third] = await Promise.all([generateSigningKeys(), generateSigningKeys(), generateSigningKeys()]);
    // The second key as a public JWK: its keyId is not in the file and is computed from x.
    const jwk = { kty: 'OKP', crv: 'Ed25519', x: second.privateJwk.x };
    const local = memoryArea({ [LOCAL_DEPLOYMENT_KEY]: { trustedKeys: [first.publicKey, jwk] } });
    const root = await openTab(local, noPolicy);
    const listed = () => [...root.querySelectorAll('.op-key')].map((li) => li.getAttribute('data-key-id'));
    await waitFor(() => listed().every((id) => id) && listed().length === 2);
    expect(listed()).toEqual([first.publicKey.keyId, second.publicKey.keyId]);
    expect(root.querySelector('.op-key-id')!.textContent).toBe(first.publicKey.keyId);

    await typeInto(root.querySelector('#deploy-trustedKeys-paste'), JSON.stringify(third.privateJwk));
    await press(root.querySelector('#deploy-trustedKeys-add'));
    await waitFor(() => root.querySelector('.op-keys [role="alert"]'));
    expect(root.querySelector('.op-keys [role="alert"]')!.textContent).toContain('私钥');
    expect(listed()).toHaveLength(2);

    await typeInto(root.querySelector('#deploy-trustedKeys-paste'), JSON.stringify(third.publicKey, null, 1));
    await press(root.querySelector('#deploy-trustedKeys-add'));
    await waitFor(() => listed().length === 3 && listed().every((id) => id));
    expect(listed()[2]).toBe(third.publicKey.keyId);
    expect(root.querySelector('.op-keys [role="alert"]')).toBeNull();

    await press(root.querySelector(`.op-key[data-key-id="${first.publicKey.keyId}"] .op-key-remove`));
    await waitFor(() => listed().length === 2 && listed().every((id) => id));
    expect(listed()).toEqual([second.publicKey.keyId, third.publicKey.keyId]);
    await press(root.querySelector('#deploy-save'));
    await waitFor(() => (stored(local)?.trustedKeys as unknown[] | undefined)?.length === 2);
    expect(stored(local)!.trustedKeys).toEqual([jwk, third.publicKey]);
  });

  it('shows 规则包已过期 for an expired pack in force, and 无可用规则包 for a configured workstation without one', async () => {
    const expired: PackStatus = {
      ...BUILT_IN_STATUS,
      active: { id: 'city-hospital', version: '2026.6.1', ruleCount: 812, source: 'update-url', keyId: '9f86d081884c7d65', activatedAt: '2026-06-01T01:00:00.000Z', effectiveTo: '2026-11-30' },
      updateUrl: 'https://packs.hospital.example/latest.signed.json',
      configured: true,
      expired: { on: '2026-11-30', noticedAt: '2026-12-01T00:10:00.000Z' },
    };
    const root = await openTab(memoryArea(), noPolicy, fakeBackground({ status: expired }).service);
    const status = () => root.querySelector<HTMLElement>('.op-pack-status')!;
    await waitFor(() => status().querySelector('[data-field="expired"]'));
    expect(status().querySelector('[data-field="active-version"]')!.textContent).toBe('2026.6.1');
    expect(status().querySelector('[data-field="expired"]')!.textContent).toContain('规则包已过期（有效期至 2026-11-30）');

    const none: PackStatus = { ...expired, active: null, expired: null };
    const empty = await openTab(memoryArea(), noPolicy, fakeBackground({ status: none }).service);
    const card = () => empty.querySelector<HTMLElement>('.op-pack-status')!;
    await waitFor(() => card().querySelector('[data-state="no-pack"]'));
    expect(card().querySelector('[data-field="active"]')!.textContent).toContain('无可用规则包');
    expect(card().querySelector('[data-field="expired"]')).toBeNull();
    // Not configured: nothing stored is simply 无 (the built-in pack would be reported as active).
    const plain = await openTab(memoryArea(), noPolicy, fakeBackground({ status: { ...none, configured: false, updateUrl: null } }).service);
    await waitFor(() => plain.querySelector('.op-pack-status [data-field="active"]'));
    expect(plain.querySelector('.op-pack-status [data-field="active"]')!.textContent).toBe('无');
  });

  it('shows a withdrawn pack replaced by the last check, and the withdrawal notices it refused', async () => {
    const replaced: PackStatus = {
      ...BUILT_IN_STATUS,
      active: { id: 'city-hospital', version: '2026.12.20', ruleCount: 812, source: 'update-url', keyId: '9f86d081884c7d65', activatedAt: '2026-12-06T01:00:00.000Z' },
      updateUrl: 'https://hub.hospital.example/api/v1/packs/latest',
      configured: true,
      lastCheck: {
        at: '2026-12-06T01:00:00.000Z',
        outcome: 'updated',
        replacedWithdrawn: { id: 'city-hospital', version: '20261201', reason: '版本号输错，应为 2026.12.1' },
        refusedWithdrawals: [{ reason: 'bad-signature', message: '撤回通知签名校验失败（可能被伪造或篡改），已忽略（city-hospital 2026.12.20: …）/ …' }],
      },
    };
    const root = await openTab(memoryArea(), noPolicy, fakeBackground({ status: replaced }).service);
    const status = () => root.querySelector<HTMLElement>('.op-pack-status')!;
    await waitFor(() => status().querySelector('[data-field="replaced-withdrawn"]'));
    expect(status().querySelector('[data-field="replaced-withdrawn"]')!.textContent).toBe('规则包 city-hospital 20261201 已被医保办撤回（版本号输错，应为 2026.12.1），已改用当前规则包');
    const refused = status().querySelector('[data-field="refused-withdrawals"]')!;
    expect(refused.textContent).toContain('未采用的撤回通知');
    expect(refused.textContent).toContain('撤回通知签名校验失败');
    expect(refused.querySelector('code')!.textContent).toBe('bad-signature');
  });

  it('shows the rejection of the last check with its reason, and a check-now answer', async () => {
    const message = `${REJECT_MESSAGES['unknown-key'].zh}（9f86d081884c7d65）/ ${REJECT_MESSAGES['unknown-key'].en} (9f86d081884c7d65)`;
    const rejected: PackStatus = {
      ...BUILT_IN_STATUS,
      updateUrl: 'https://packs.hospital.example/latest.signed.json',
      lastCheck: { at: '2026-11-21T01:30:00.000Z', outcome: 'rejected', rejection: { reason: 'unknown-key', message } },
      nextCheckAt: '2026-11-21T02:00:00.000Z',
    };
    const updated: PackStatus = {
      ...rejected,
      active: { id: 'demo-nhsa-2026', version: '2026.11.2', ruleCount: 2615, source: 'update-url', keyId: '9f86d081884c7d65', activatedAt: '2026-11-21T01:31:00.000Z' },
      lastCheck: { at: '2026-11-21T01:31:00.000Z', outcome: 'updated' },
    };
    const background = fakeBackground({ status: rejected, checkNow: { ok: true, status: updated } });
    const root = await openTab(memoryArea(), noPolicy, background.service);
    const status = () => root.querySelector<HTMLElement>('.op-pack-status')!;
    await waitFor(() => status().querySelector('[data-field="last-check"]'));

    expect(status().querySelector('[data-field="active-version"]')!.textContent).toBe('2026.11.1');
    expect(status().querySelector('[data-field="source"]')!.textContent).toBe('扩展内置');
    const lastCheck = status().querySelector('[data-field="last-check"]')!;
    expect(lastCheck.querySelector('[data-outcome]')!.textContent).toBe('已拒绝');
    expect(lastCheck.querySelector('[role="alert"]')!.textContent).toContain('规则包的签名密钥不在受信任列表中');
    expect(lastCheck.querySelector('[role="alert"]')!.textContent).toContain('unknown-key');
    expect(status().querySelector('[data-field="update-url"]')!.textContent).toContain('https://packs.hospital.example/latest.signed.json');
    expect(status().querySelector('[data-field="next-check"]')!.textContent).not.toBe('—');

    await press(buttonByText(status(), '立即检查更新'));
    await waitFor(() => status().querySelector('.op-pack-action'));
    expect(background.asked.map((r) => r.type)).toEqual([PACK_STATUS_MESSAGE, PACK_CHECK_NOW_MESSAGE]);
    expect(status().querySelector('.op-pack-action')!.textContent).toBe('已启用 demo-nhsa-2026 2026.11.2');
    expect(status().querySelector('[data-field="active-version"]')!.textContent).toBe('2026.11.2');
    expect(status().querySelector('[data-field="key"]')!.textContent).toBe('9f86d081884c7d65');
    expect(status().querySelector('[data-field="last-check"] [role="alert"]')).toBeNull();
  });

  it('sends a chosen signed pack file to the background and shows why it was refused', async () => {
    const message = `${REJECT_MESSAGES['bad-signature'].zh} / ${REJECT_MESSAGES['bad-signature'].en}`;
    const rejection = { reason: 'bad-signature' as const, message };
    const background = fakeBackground({ status: BUILT_IN_STATUS, install: { ok: false, status: BUILT_IN_STATUS, rejection } });
    const root = await openTab(memoryArea(), noPolicy, background.service);
    await waitFor(() => root.querySelector('.op-status-list'));
    const envelope = '{"format":"preflight-signed-pack","version":1}';
    const input = root.querySelector<HTMLInputElement>('#pack-install-file')!;
    Object.defineProperty(input, 'files', { configurable: true, value: [new File([envelope], 'demo-nhsa-2026-2026.11.2.signed.json')] });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => root.querySelector('.op-pack-action'));
    expect(background.asked.at(-1)).toEqual({ type: PACK_INSTALL_MESSAGE, envelope });
    const shown = root.querySelector('.op-pack-action')!;
    expect(shown.getAttribute('role')).toBe('alert');
    expect(shown.textContent).toContain('规则包未启用');
    expect(shown.textContent).toContain('签名校验失败');
    expect(shown.textContent).toContain('bad-signature');
    // The active pack is still the built-in one.
    expect(root.querySelector('[data-field="active-version"]')!.textContent).toBe('2026.11.1');
  });

  it('says 后台未响应 when the background has no pack service, and keeps the form usable', async () => {
    const silent = createPackService(() => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')));
    const root = await openTab(memoryArea(), noPolicy, silent);
    await waitFor(() => root.querySelector('.op-pack-noanswer'));
    expect(root.querySelector('.op-pack-noanswer')!.textContent).toContain('后台未响应');
    expect(root.querySelector('.op-pack-noanswer')!.getAttribute('data-problem')).toBe('no-answer');
    expect(root.querySelector('.op-status-list')).toBeNull();
    expect(root.querySelector<HTMLButtonElement>('#deploy-save')!.disabled).toBe(false);
  });
});

describe('the pack service client', () => {
  it('tells no answer, a malformed answer and a slow background apart from a good answer', async () => {
    expect(await createPackService(async () => undefined).status()).toMatchObject({ ok: false, problem: 'no-answer' });
    const malformed = await createPackService(async () => ({ active: 'demo' })).status();
    expect(malformed).toMatchObject({ ok: false, problem: 'bad-answer' });
    const slow = await createPackService(() => new Promise(() => undefined), { statusMs: 20 }).status();
    expect(slow).toMatchObject({ ok: false, problem: 'no-answer', detail: expect.stringContaining('no answer within') });
    expect(await createPackService(async () => BUILT_IN_STATUS).status()).toEqual({ ok: true, value: BUILT_IN_STATUS });
  });
});

describe('the deployment tab wording', () => {
  it('has every label and message it builds from field names, in both languages', async () => {
    const { ot } = await import('../../../components/options/options-i18n');
    const { language } = await import('../../../components/i18n');
    const { FORM_FIELDS, POLICY_TOGGLES } = await import('../../../components/options/deployment/deployment-form');
    const built = [
      ...FORM_FIELDS.map((f) => `deploy.invalid.${f}`),
      ...FORM_FIELDS.filter((f) => !['institutionLevel', 'trustedKeys', 'hubToken'].includes(f)).map((f) => `deploy.${f}`),
      ...POLICY_TOGGLES.flatMap((t) => [`deploy.policy.${t}`, `deploy.policy.${t}.hint`, `deploy.policy.unset.${t}`]),
      ...PackSourceSchema.options.map((s) => `packs.source.${s}`),
      ...UpdateCheckOutcomeSchema.options.map((o) => `packs.outcome.${o}`),
      ...['not-json', 'public-key', 'not-private-jwk', 'unusable'].map((p) => `sign.key.${p}`),
    ];
    const before = language.value;
    try {
      for (const lang of ['zh-CN', 'en'] as const) {
        language.value = lang;
        for (const key of built) expect(typeof ot(key as Parameters<typeof ot>[0]), `${lang} ${key}`).toBe('string');
      }
    } finally {
      language.value = before;
    }
  });
});
