// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_PROFILES } from '../../../adapters/profiles';
import { loadRuntimeProfiles, saveLocalProfile, validateProfiles } from '../../../adapters/runtime-profiles';
import { ProfilesPanel } from '../../../components/options/profiles/ProfilesPanel';
import { profileServicesOver } from '../../../components/options/profiles/profile-services';
import { LOCAL_DEPLOYMENT_KEY, type ManagedArea } from '../../../settings/deployment-store';
import type { SettingsArea } from '../../../settings/store';
import { buttonByText, choose, mount, press, typeInto, waitFor } from './support';

const REPO = path.resolve(__dirname, '../../..');
const customText = readFileSync(path.join(REPO, 'demo/emr/custom-his.profile.json'), 'utf8');
const customRaw = (): Record<string, unknown> => JSON.parse(customText) as Record<string, unknown>;

function memoryArea(initial: Record<string, unknown> = {}): SettingsArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = { ...initial };
  return {
    data,
    get: async (key: string) => (key in data ? { [key]: structuredClone(data[key]) } : {}),
    set: async (items: Record<string, unknown>) => void Object.assign(data, structuredClone(items)),
  };
}
const managed = (values: Record<string, unknown>): ManagedArea => ({ get: async () => values });

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function openTab(local = memoryArea(), policy: ManagedArea = managed({})) {
  const view = mount(h(ProfilesPanel, { services: profileServicesOver(local, policy) }));
  cleanups.push(view.unmount);
  const root = view.container;
  await waitFor(() => root.querySelector('[data-section="built-in"]'));
  return { root, local, policy };
}

const row = (root: HTMLElement, source: string, id: string) => root.querySelector<HTMLTableRowElement>(`tr[data-source="${source}"][data-profile-id="${id}"]`);
const errorPaths = (root: HTMLElement) => [...root.querySelectorAll('.op-profile-errors li')].map((li) => li.getAttribute('data-error-path'));
const editorText = (root: HTMLElement) => root.querySelector<HTMLTextAreaElement>('#profile-json')!;
const saveButton = (root: HTMLElement) => root.querySelector<HTMLButtonElement>('#profile-save')!;
const storedProfiles = (area: { data: Record<string, unknown> }) => (area.data[LOCAL_DEPLOYMENT_KEY] as { siteProfiles?: unknown[] } | undefined)?.siteProfiles;

describe('the 站点配置 tab', () => {
  it('lists the built-in profiles read-only, with a copy action and no edit or delete', async () => {
    const { root } = await openTab();
    for (const profile of BUILT_IN_PROFILES) {
      const tr = row(root, 'built-in', profile.id)!;
      expect(tr.textContent).toContain(profile.name);
      expect(tr.textContent).toContain('生效中');
      expect(buttonByText(tr, '复制为本地配置')).toBeDefined();
      expect(buttonByText(tr, '编辑')).toBeUndefined();
      expect(buttonByText(tr, '删除')).toBeUndefined();
    }
    expect(root.querySelector('[data-section="local"]')!.textContent).toContain('还没有本地配置');
    expect(root.querySelector('[data-section="managed"]')!.textContent).toContain('医院策略未下发站点配置');
  });

  it('adds a local profile through the JSON editor, validating on every change with zod paths', async () => {
    const { root, local } = await openTab();
    await press(root.querySelector('#profile-add'));
    expect(root.querySelector('.op-profile-check')!.textContent).toBe('格式正确，可以保存');

    await typeInto(editorText(root), '{"profileVersion": 1, "id": ');
    expect(errorPaths(root)).toEqual(['']);
    expect(root.querySelector('.op-profile-errors')!.textContent).toContain('不是有效的 JSON');
    expect(saveButton(root).disabled).toBe(true);

    const missingCode = customRaw();
    (missingCode.orders as { fields: Record<string, unknown> }).fields = { name: { column: '项目名称' } };
    await typeInto(editorText(root), JSON.stringify(missingCode));
    expect(errorPaths(root)).toEqual(['orders.fields.code']);
    expect(root.querySelector('.op-profile-check')!.textContent).toBe('有 1 处错误，改正后才能保存');
    expect(saveButton(root).disabled).toBe(true);

    await typeInto(editorText(root), customText);
    expect(errorPaths(root)).toEqual([]);
    await press(saveButton(root));
    await waitFor(() => row(root, 'local', 'custom-his-outpatient'));
    expect(root.querySelector('[role="status"].op-notice')!.textContent).toContain('已保存 custom-his-outpatient');
    expect(row(root, 'local', 'custom-his-outpatient')!.querySelector('[data-role="state"]')!.textContent).toBe('生效中');
    expect(storedProfiles(local)).toEqual([customRaw()]);
    expect(root.querySelector('#profile-json')).toBeNull();
  });

  it('edits a local profile in place and refuses an id another local profile has', async () => {
    const area = memoryArea({ [LOCAL_DEPLOYMENT_KEY]: { siteProfiles: [customRaw(), { ...customRaw(), id: 'second-his', name: '第二家' }] } });
    const { root } = await openTab(area);
    await press(buttonByText(row(root, 'local', 'second-his')!, '编辑'));
    const edited = JSON.parse(editorText(root).value) as Record<string, unknown>;
    await typeInto(editorText(root), JSON.stringify({ ...edited, id: 'custom-his-outpatient' }));
    expect(errorPaths(root)).toEqual(['id']);
    expect(root.querySelector('.op-profile-errors')!.textContent).toContain('本地已有 id 为 custom-his-outpatient 的配置');

    await typeInto(editorText(root), JSON.stringify({ ...edited, name: '第二家（改）' }));
    await press(saveButton(root));
    await waitFor(() => row(root, 'local', 'second-his')?.textContent?.includes('第二家（改）'));
    expect(storedProfiles(area)!.map((p) => (p as { name: string }).name)).toEqual(['示例县人民医院 门急诊处方', '第二家（改）']);
  });

  it('copies a built-in profile as a local one, which then replaces it', async () => {
    const { root, local } = await openTab();
    const builtIn = BUILT_IN_PROFILES[0]!;
    await press(buttonByText(row(root, 'built-in', builtIn.id)!, '复制为本地配置'));
    expect(root.querySelector('.op-profile-notes')!.textContent).toContain(`保存后将替换内置配置 ${builtIn.id}`);
    await press(saveButton(root));
    await waitFor(() => row(root, 'local', builtIn.id));
    expect(row(root, 'built-in', builtIn.id)!.textContent).toContain('已被本地配置替换');
    expect((await loadRuntimeProfiles(local, managed({}))).entries[0]).toMatchObject({ source: 'local', replaces: ['built-in'] });
  });

  it('shows managed profiles locked, and their errors with paths', async () => {
    const broken = { ...customRaw(), id: 'broken-his', match: { urls: ['his.example.test'] } };
    const { root } = await openTab(memoryArea(), managed({ siteProfiles: JSON.stringify([customRaw(), broken]) }));
    const tr = row(root, 'managed', 'custom-his-outpatient')!;
    expect(tr.textContent).toContain('由医院策略设置');
    expect(buttonByText(tr, '编辑')).toBeUndefined();
    expect(buttonByText(tr, '删除')).toBeUndefined();
    const issues = root.querySelector('[data-role="managed-issues"]')!;
    expect([...issues.querySelectorAll('li')].map((li) => li.getAttribute('data-error-path'))).toEqual(['match.urls.0']);
    expect(issues.textContent).toContain('broken-his');
  });

  it('shows a managed profile that replaces a built-in one on both rows', async () => {
    const builtIn = BUILT_IN_PROFILES[0]!;
    const { root } = await openTab(memoryArea(), managed({ siteProfiles: [{ ...structuredClone(builtIn), name: '医院改写版' }] }));
    expect(row(root, 'managed', builtIn.id)!.textContent).toContain('替换了同 id 的内置配置');
    expect(row(root, 'built-in', builtIn.id)!.textContent).toContain('已被医院策略下发的同 id 配置替换');
  });

  it('marks a local profile the managed one of the same id hides', async () => {
    const area = memoryArea({ [LOCAL_DEPLOYMENT_KEY]: { siteProfiles: [customRaw()] } });
    const { root } = await openTab(area, managed({ siteProfiles: [customRaw()] }));
    expect(row(root, 'local', 'custom-his-outpatient')!.querySelector('[data-role="state"]')!.textContent).toBe('已被医院策略下发的同 id 配置替换');
  });

  it('disables adding, importing, copying and editing when policy forbids local profiles', async () => {
    const area = memoryArea({ [LOCAL_DEPLOYMENT_KEY]: { siteProfiles: [customRaw()] } });
    const { root } = await openTab(area, managed({ policy: { allowLocalProfiles: false } }));
    expect(root.querySelector<HTMLButtonElement>('#profile-add')!.disabled).toBe(true);
    expect(root.querySelector<HTMLInputElement>('#profile-import')!.disabled).toBe(true);
    expect(root.querySelector('.op-profiles-locked')!.textContent).toContain('policy.allowLocalProfiles = false');
    expect(buttonByText(row(root, 'built-in', BUILT_IN_PROFILES[0]!.id)!, '复制为本地配置')!.disabled).toBe(true);
    const localRow = row(root, 'local', 'custom-his-outpatient')!;
    expect(buttonByText(localRow, '编辑')!.disabled).toBe(true);
    expect(localRow.querySelector('[data-role="state"]')!.textContent).toContain('未生效');
  });

  it('lists a broken stored local profile with its errors and deletes it', async () => {
    const area = memoryArea({ [LOCAL_DEPLOYMENT_KEY]: { siteProfiles: [{ ...customRaw(), orders: {} }, customRaw()] } });
    const { root } = await openTab(area);
    const bad = root.querySelector<HTMLTableRowElement>('tr[data-source="local"][data-index="0"]')!;
    expect(bad.querySelector('[data-role="state"]')!.textContent).toContain('处错误，未生效');
    expect([...bad.querySelectorAll('[data-error-path]')].map((li) => li.getAttribute('data-error-path'))).toContain('orders.table');
    await press(buttonByText(bad, '删除'));
    await waitFor(() => storedProfiles(area)?.length === 1);
    await waitFor(() => root.querySelectorAll('tr[data-source="local"]').length === 1);
  });

  it('shows a profile the field picker saved (saveLocalProfile) after reloading', async () => {
    const area = memoryArea();
    const [profile] = validateProfiles([customRaw()], 'local').profiles;
    await saveLocalProfile(profile!, area, managed({}));
    const { root } = await openTab(area);
    expect(row(root, 'local', 'custom-his-outpatient')).not.toBeNull();
  });
});

describe('the field picker from the 站点配置 tab', () => {
  it('lists open pages, starts the picker on the chosen one, and repairs a profile by id', async () => {
    const launched: Array<[number, string | undefined]> = [];
    const picker = {
      targets: async () => [
        { tabId: 7, title: '门诊医生站', url: 'http://his.example.test/outpatient' },
        { tabId: 9, title: '住院医嘱', url: 'http://his.example.test/inpatient' },
      ],
      launch: async (tabId: number, profileId?: string) => {
        launched.push([tabId, profileId]);
        return tabId === 9 ? ({ ok: false, error: '页面中没有找到医嘱表格' } as const) : ({ ok: true } as const);
      },
    };
    const view = mount(h(ProfilesPanel, { services: { ...profileServicesOver(memoryArea(), managed({})), picker } }));
    cleanups.push(view.unmount);
    const root = view.container;
    await waitFor(() => root.querySelector('[data-section="built-in"]'));

    await press(root.querySelector<HTMLButtonElement>('#profile-pick')!);
    const select = await waitFor(() => root.querySelector<HTMLSelectElement>('#picker-target'));
    expect([...select.options].map((o) => o.textContent)).toEqual(['门诊医生站 — http://his.example.test/outpatient', '住院医嘱 — http://his.example.test/inpatient']);
    await press(root.querySelector<HTMLButtonElement>('#picker-start')!);
    await waitFor(() => root.querySelector('.op-picker-launcher [role="status"]'));
    expect(root.querySelector('.op-picker-launcher')!.textContent).toContain('门诊医生站');

    const builtIn = BUILT_IN_PROFILES[0]!;
    await press(root.querySelector<HTMLButtonElement>(`tr[data-profile-id="${builtIn.id}"] [data-role="repair"]`)!);
    const again = await waitFor(() => root.querySelector<HTMLSelectElement>('#picker-target'));
    await choose(again, '9');
    await press(root.querySelector<HTMLButtonElement>('#picker-start')!);
    await waitFor(() => root.querySelector('.op-picker-launcher [role="alert"]'));
    expect(root.querySelector('.op-picker-launcher [role="alert"]')!.textContent).toContain('页面中没有找到医嘱表格');
    expect(launched).toEqual([
      [7, undefined],
      [9, builtIn.id],
    ]);
  });
});
