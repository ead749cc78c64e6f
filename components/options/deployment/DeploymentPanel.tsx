import { useEffect, useMemo, useState } from 'preact/hooks';
import type { FieldError } from '../../../rules/pack/load';
import { DEFAULT_UPDATE_INTERVAL_MINUTES, type EffectiveDeployment } from '../../../settings/deployment';
import { LockedFieldError } from '../../../settings/deployment-store';
import { Field, Select, TextInput, type Choice } from '../form-controls';
import { ot, type OptionsKey } from '../options-i18n';
import { buildPatch, draftOf, maskToken, POLICY_TOGGLES, validateField, type DeploymentDraft, type FormField, type PolicyToggle, type TriState } from './deployment-form';
import { browserDeploymentServices, type DeploymentServices } from './deployment-services';
import { LockedField } from './LockedField';
import { PackStatusCard } from './PackStatusCard';
import { TrustedKeysField } from './TrustedKeysField';

/** Each field's own explanation of what it accepts; the schema's wording is for developers. */
function localizedErrors(errors: readonly FieldError[]): FieldError[] {
  return errors.map((e) => {
    const field = e.path.split(/[.[]/)[0] as FormField;
    return { path: e.path, message: ot(`deploy.invalid.${field}` as OptionsKey) };
  });
}

const levelText = (level: number | undefined) => (level === undefined ? '' : ot(`deploy.level.${level}` as OptionsKey));

function triStateText(state: TriState, toggle: PolicyToggle): string {
  if (state === '') return ot(`deploy.policy.unset.${toggle}` as OptionsKey);
  return ot(state === 'on' ? 'common.yes' : 'common.no');
}

export type DeploymentPanelProps = Partial<DeploymentServices>;

/**
 * 部署与更新: the workstation's deployment configuration (settings/deployment-store.ts) and the
 * state of its rule pack. Fields hospital IT pinned through policy are shown, locked; the rest
 * are a form saved as a whole, and only when every typed value validates.
 */
export function DeploymentPanel(props: DeploymentPanelProps) {
  const services = useMemo(() => ({ ...browserDeploymentServicesOnce(props), ...props }) as DeploymentServices, [props.storage, props.packs]);
  const { storage, packs } = services;
  const [effective, setEffective] = useState<EffectiveDeployment | undefined>();
  const [draft, setDraft] = useState<DeploymentDraft | undefined>();
  const [formKey, setFormKey] = useState(0);
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saved, setSaved] = useState<string | undefined>();
  const [saveError, setSaveError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [refresh, setRefresh] = useState(0);

  const show = (next: EffectiveDeployment) => {
    setEffective(next);
    setDraft(draftOf(next.value));
    setFormKey((k) => k + 1);
    setDirty(false);
  };

  useEffect(() => {
    let live = true;
    void storage.load().then((d) => live && show(d));
    return () => {
      live = false;
    };
  }, [storage]);

  // Policy pushed while the page is open: shown at once unless the 医保办 is in the middle of an edit.
  useEffect(() => storage.watch?.((next) => (dirty ? setEffective(next) : show(next))), [storage, dirty]);

  if (!effective || !draft) return <p class="op-hint">{ot('app.loading')}</p>;

  const update = (patch: Partial<DeploymentDraft>, field?: FormField) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    setDirty(true);
    setSaved(undefined);
    // A field's error goes as soon as what is typed there validates.
    if (field) setErrors((current) => [...current.filter((e) => !e.path.startsWith(field)), ...validateField(next, field)]);
  };

  const save = async () => {
    setSaved(undefined);
    setSaveError(undefined);
    const result = buildPatch(draft, effective);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors([]);
    setSaving(true);
    try {
      show(await storage.save(result.patch));
      setSaved(ot('deploy.saved'));
      setRefresh((n) => n + 1);
    } catch (e) {
      setSaveError(e instanceof LockedFieldError ? ot('deploy.saveLocked', { fields: e.fields.join(', ') }) : ot('deploy.saveFailed', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setSaving(false);
    }
  };

  const shown = localizedErrors(errors);
  const isLocked = (field: FormField) => effective.locked.has(field);
  const value = effective.value;

  const textField = (field: Exclude<FormField, 'institutionLevel' | 'trustedKeys' | 'hubToken'>, options: { hint?: string; placeholder?: string; lockedText?: string } = {}) => {
    const label = ot(`deploy.${field}` as OptionsKey);
    if (isLocked(field)) {
      return (
        <LockedField path={field} label={label}>
          {options.lockedText ?? String(value[field] ?? '')}
        </LockedField>
      );
    }
    return (
      <Field id={`deploy-${field}`} label={label} hint={options.hint} path={field} errors={shown}>
        <TextInput
          id={`deploy-${field}`}
          initial={draft[field]}
          placeholder={options.placeholder}
          inputMode={field === 'packUpdateIntervalMinutes' ? 'numeric' : 'text'}
          onValue={(text) => update({ [field]: text }, field)}
        />
      </Field>
    );
  };

  const levelChoices: Choice[] = [{ value: '', label: ot('deploy.level.unset') }, ...[1, 2, 3].map((n) => ({ value: String(n), label: levelText(n) }))];
  const triChoices = (toggle: PolicyToggle): Choice[] => (['', 'on', 'off'] as const).map((s) => ({ value: s, label: triStateText(s, toggle) }));

  return (
    <section class="op-deployment" aria-label={ot('deploy.title')}>
      <form
        class="op-card op-deploy-form"
        key={formKey}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h3>{ot('deploy.section.hospital')}</h3>
        <div class="op-grid">
          {textField('hospitalName')}
          {isLocked('institutionLevel') ? (
            <LockedField path="institutionLevel" label={ot('deploy.institutionLevel')}>
              {levelText(value.institutionLevel)}
            </LockedField>
          ) : (
            <Field id="deploy-institutionLevel" label={ot('deploy.institutionLevel')} hint={ot('deploy.institutionLevel.hint')} path="institutionLevel" errors={shown}>
              <Select id="deploy-institutionLevel" value={draft.institutionLevel} choices={levelChoices} onChange={(v) => update({ institutionLevel: v }, 'institutionLevel')} />
            </Field>
          )}
        </div>

        <h3>{ot('deploy.section.packs')}</h3>
        <div class="op-grid">
          {textField('packUpdateUrl', { hint: ot('deploy.packUpdateUrl.hint'), placeholder: 'https://' })}
          {textField('packUpdateIntervalMinutes', {
            hint: ot('deploy.packUpdateIntervalMinutes.hint', { minutes: DEFAULT_UPDATE_INTERVAL_MINUTES }),
            placeholder: String(DEFAULT_UPDATE_INTERVAL_MINUTES),
          })}
          {textField('expectedPackId', { hint: ot('deploy.expectedPackId.hint') })}
        </div>
        <TrustedKeysField keys={draft.trustedKeys} locked={isLocked('trustedKeys')} errors={shown} onChange={(keys) => update({ trustedKeys: keys }, 'trustedKeys')} />

        <h3>{ot('deploy.section.hub')}</h3>
        <div class="op-grid">
          {textField('hubUrl', { placeholder: 'https://' })}
          {isLocked('hubToken') ? (
            <LockedField path="hubToken" label={ot('deploy.hubToken')}>
              <code>{value.hubToken ? maskToken(value.hubToken) : ''}</code>
            </LockedField>
          ) : (
            <Field
              id="deploy-hubToken"
              label={ot('deploy.hubToken')}
              hint={value.hubToken && !draft.clearHubToken ? ot('deploy.hubToken.current', { masked: maskToken(value.hubToken) }) : ot('deploy.hubToken.hint')}
              path="hubToken"
              errors={shown}
            >
              <input
                id="deploy-hubToken"
                type="password"
                autocomplete="off"
                value={draft.hubToken}
                disabled={draft.clearHubToken}
                placeholder={value.hubToken ? maskToken(value.hubToken) : 'pfh_…'}
                onInput={(e) => update({ hubToken: e.currentTarget.value }, 'hubToken')}
              />
              {value.hubToken && (
                <label class="op-check">
                  <input type="checkbox" id="deploy-hubToken-clear" checked={draft.clearHubToken} onChange={(e) => update({ clearHubToken: e.currentTarget.checked, hubToken: '' }, 'hubToken')} />
                  {ot('deploy.hubToken.clear')}
                </label>
              )}
            </Field>
          )}
        </div>

        <h3>{ot('deploy.section.policy')}</h3>
        <div class="op-grid">
          {POLICY_TOGGLES.map((toggle) => {
            const label = ot(`deploy.policy.${toggle}` as OptionsKey);
            const path = `policy.${toggle}`;
            if (effective.lockedPolicy.has(toggle)) {
              return (
                <LockedField key={toggle} path={path} label={label}>
                  {triStateText(draft.policy[toggle], toggle)}
                </LockedField>
              );
            }
            return (
              <Field key={toggle} id={`deploy-policy-${toggle}`} label={label} hint={ot(`deploy.policy.${toggle}.hint` as OptionsKey)} path={path} errors={shown}>
                <Select id={`deploy-policy-${toggle}`} value={draft.policy[toggle]} choices={triChoices(toggle)} onChange={(v) => update({ policy: { ...draft.policy, [toggle]: v as TriState } })} />
              </Field>
            );
          })}
        </div>

        {shown.length > 0 && (
          <div class="op-error-summary" role="status">
            {ot('deploy.errors', { count: shown.length })}
          </div>
        )}
        {saveError && (
          <div class="op-error-summary" role="alert">
            {saveError}
          </div>
        )}
        <div class="op-actions">
          <button type="submit" id="deploy-save" class="op-primary" disabled={saving}>
            {ot('deploy.save')}
          </button>
          {dirty && <span class="op-hint">{ot('deploy.unsaved')}</span>}
          {saved && (
            <span class="op-notice" role="status">
              {saved}
            </span>
          )}
        </div>
      </form>
      <PackStatusCard service={packs} refresh={refresh} />
    </section>
  );
}

/** The browser's services, made only when a caller did not pass both (tests pass their own). */
function browserDeploymentServicesOnce(props: DeploymentPanelProps): Partial<DeploymentServices> {
  return props.storage && props.packs ? {} : browserDeploymentServices();
}
