import { useState } from 'preact/hooks';
import { SeveritySchema, type Severity } from '../../contract/findings';
import { KINDS, type PackRuleKind } from '../../rules/kinds';
import { applyToKind, type KindPatch } from '../../rules/store/working-set';
import { kindLabel, severityLabel } from '../i18n';
import { Select } from './form-controls';
import { ot } from './options-i18n';
import { useOptionsStore } from './store-context';

const KEEP = '';

/** Severity, interruptive and enabled for every rule of one kind at once. */
export function KindBulk() {
  const store = useOptionsStore();
  const [kind, setKind] = useState<PackRuleKind>('indication');
  const [severity, setSeverity] = useState(KEEP);
  const [mode, setMode] = useState(KEEP);
  const [enabled, setEnabled] = useState(KEEP);
  const [done, setDone] = useState<string | undefined>();

  const apply = async () => {
    const patch: KindPatch = {};
    if (severity !== KEEP) patch.severity = severity as Severity;
    if (mode !== KEEP) patch.interruptive = mode === 'interruptive';
    if (enabled !== KEEP) patch.enabled = enabled === 'enabled';
    const count = await applyToKind(store.db, kind, patch);
    setDone(ot('bulk.done', { count, kind: kindLabel(kind) }));
    if (count > 0) store.changed();
  };
  const keep = { value: KEEP, label: ot('bulk.keep') };
  return (
    <details class="op-bulk">
      <summary>{ot('bulk.title')}</summary>
      <div class="op-toolbar">
        <label>
          {ot('bulk.kind')}
          <Select id="bulk-kind" value={kind} choices={KINDS.map((k) => ({ value: k.kind, label: kindLabel(k.kind) }))} onChange={(v) => setKind(v as PackRuleKind)} />
        </label>
        <label>
          {ot('bulk.severity')}
          <Select id="bulk-severity" value={severity} choices={[keep, ...SeveritySchema.options.map((s) => ({ value: s, label: severityLabel(s) }))]} onChange={setSeverity} />
        </label>
        <label>
          {ot('bulk.mode')}
          <Select
            id="bulk-mode"
            value={mode}
            choices={[keep, { value: 'interruptive', label: ot('mode.interruptive') }, { value: 'passive', label: ot('mode.passive') }]}
            onChange={setMode}
          />
        </label>
        <label>
          {ot('bulk.enabled')}
          <Select
            id="bulk-enabled"
            value={enabled}
            choices={[keep, { value: 'enabled', label: ot('status.enabled') }, { value: 'disabled', label: ot('status.disabled') }]}
            onChange={setEnabled}
          />
        </label>
        <button type="button" onClick={() => void apply()} disabled={severity === KEEP && mode === KEEP && enabled === KEEP}>
          {ot('bulk.apply')}
        </button>
      </div>
      {done && <p class="op-notice" role="status">{done}</p>}
    </details>
  );
}
