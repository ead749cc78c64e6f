import { useState } from 'preact/hooks';
import type { PickerActions, PickerModel } from './picker-model';

/** The profile's id, name and URL rules, editable before saving; schema errors listed with their paths. */

const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

export function SaveForm({ model, actions }: { model: PickerModel; actions: PickerActions }) {
  const { draft, save } = model;
  const [showJson, setShowJson] = useState(false);
  return (
    <div class="pk-section pk-form" data-role="save">
      <h3>保存站点配置</h3>
      <label>
        配置 ID（小写字母、数字、连字符）
        <input id="pk-profile-id" value={draft.id} onInput={(e) => actions.setMeta({ id: (e.currentTarget as HTMLInputElement).value.trim() })} />
      </label>
      <label>
        名称
        <input id="pk-profile-name" value={draft.name} onInput={(e) => actions.setMeta({ name: (e.currentTarget as HTMLInputElement).value })} />
      </label>
      <label>
        适用网址（匹配模式，每行一个）
        <textarea
          id="pk-profile-urls"
          value={(draft.match?.urls ?? []).join('\n')}
          onChange={(e) => actions.setMeta({ urls: lines((e.currentTarget as HTMLTextAreaElement).value) })}
        />
      </label>
      <label>
        路径（通配，每行一个；留空为该网址下所有页面）
        <textarea
          id="pk-profile-paths"
          value={(draft.match?.paths ?? []).join('\n')}
          onChange={(e) => actions.setMeta({ paths: lines((e.currentTarget as HTMLTextAreaElement).value) })}
        />
      </label>
      <div class="pk-actions">
        <button type="button" class="pk-btn pk-primary" id="pk-save" disabled={save.kind === 'saving'} onClick={() => actions.save()}>
          {model.mode === 'repair' ? '保存修复' : '保存配置'}
        </button>
        <button type="button" class="pk-btn" onClick={() => setShowJson(!showJson)}>
          {showJson ? '隐藏 JSON' : '查看 JSON'}
        </button>
      </div>
      {save.kind === 'invalid' ? (
        <ul class="pk-issues" data-role="issues">
          {save.issues.map((issue, i) => (
            <li key={i}>
              <code>{issue.path}</code>：{issue.message}
            </li>
          ))}
        </ul>
      ) : null}
      {save.kind === 'failed' ? <p class="pk-issues" data-role="save-error">{save.error}</p> : null}
      {save.kind === 'saved' ? (
        <div class="pk-saved" data-role="saved">
          已保存「{draft.id}」。刷新页面后按新配置审核。
          {save.note ? <p class="pk-issues">{save.note}</p> : null}
          <div class="pk-actions">
            <button type="button" class="pk-btn" id="pk-reload" onClick={() => actions.reload()}>
              刷新页面
            </button>
          </div>
        </div>
      ) : null}
      {showJson ? <textarea class="pk-json" readOnly value={JSON.stringify(draft, null, 2)} aria-label="配置 JSON" /> : null}
    </div>
  );
}
