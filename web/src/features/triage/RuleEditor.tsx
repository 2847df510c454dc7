import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCoverageTable, useOrganizationNames, useStaff } from '../../api/queries';
import { OrganizationPicker } from '../../components/OrganizationPicker';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Card, CardBody, CardHeader } from '../../components/Card';
import { Select, TextArea, TextField } from '../../components/Field';
import { useLang } from '../../i18n/useLang';
import { useSaveRule, type Rule } from './api';
import {
  ACTION_TYPES,
  CHANNELS,
  CONDITION_TYPES,
  KINDS,
  LEVELS,
  ROLES,
  inputOf,
  newAction,
  newCondition,
  type ActionType,
  type ConditionType,
  type DraftAction,
  type DraftCondition,
  type DraftRule,
} from './draft';
import { useRuleProblem, type Editing } from './hooks';

interface Props {
  editing: Editing;
  errors: Record<string, string>;
  setErrors: (e: Record<string, string>) => void;
  onChange: (d: DraftRule) => void;
  onCancel: () => void;
  onSaved: (r: Rule) => void;
}

export function RuleEditor({ editing, errors, setErrors, onChange, onCancel, onSaved }: Props) {
  const { t } = useTranslation('triage');
  const save = useSaveRule();
  const toProblem = useRuleProblem();
  const [formError, setFormError] = useState<string | null>(null);
  const [addCondition, setAddCondition] = useState<ConditionType>('channel_is');
  const [addAction, setAddAction] = useState<ActionType>('set_category');
  const d = editing.draft;
  const changed = JSON.stringify(inputOf(d)) !== editing.original;
  const set = (patch: Partial<DraftRule>) => {
    setFormError(null);
    onChange({ ...d, ...patch });
  };
  /** An edited field's error goes (the API judges it again on the next save or preview). */
  const clear = (...prefixes: string[]) => {
    const left = Object.fromEntries(Object.entries(errors).filter(([k]) => !prefixes.some((p) => k === p || k.startsWith(`${p}.`))));
    if (Object.keys(left).length !== Object.keys(errors).length) setErrors(left);
  };
  const setCondition = (i: number, patch: Partial<DraftCondition>) => {
    clear(`conditions.${i}`);
    set({ conditions: d.conditions.map((c, n) => (n === i ? { ...c, ...patch } : c)) });
  };
  const setAction = (i: number, patch: Partial<DraftAction>) => {
    clear(`actions.${i}`);
    set({ actions: d.actions.map((a, n) => (n === i ? { ...a, ...patch } : a)) });
  };
  /** Adding or removing an item moves the later ones: their errors no longer point right. */
  const setList = (patch: Partial<DraftRule>) => {
    setErrors({});
    set(patch);
  };

  const onSubmit = async () => {
    setFormError(null);
    setErrors({});
    try {
      const rule = await save.mutateAsync({ id: editing.id, body: inputOf(d) });
      onSaved(rule);
    } catch (e) {
      const p = toProblem(e, d);
      if (p) {
        setErrors(p.byField);
        setFormError(p.rest.length ? p.rest.join(' ') : t('editor.fixErrors'));
      } else {
        setFormError(e instanceof Error ? e.message : t('common:error.unexpected'));
      }
    }
  };

  const title = editing.id ? t('editor.editTitle', { name: JSON.parse(editing.original).name as string }) : t('editor.newTitle');
  return (
    <Card aria-labelledby="triage-editor-title">
      <CardHeader id="triage-editor-title" title={title} />
      <CardBody>
        <form
          className="stack"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void onSubmit();
          }}
        >
          {formError && (
            <Alert tone="danger" title={t('editor.notSaved')}>
              <p>{formError}</p>
            </Alert>
          )}
          <TextField label={t('editor.name')} hint={t('editor.nameHint')} value={d.name} error={errors['name']} onChange={(e) => {
              clear('name');
              set({ name: e.target.value });
            }} />
          <label className="triage-switch">
            <input type="checkbox" role="switch" checked={d.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
            <span>{t('editor.enabled')}</span>
          </label>

          <fieldset className="triage-group">
            <legend>{t('editor.conditions')}</legend>
            <p className="muted small">{t('editor.conditionsHint')}</p>
            {errors['conditions'] && <p className="field-error">{errors['conditions']}</p>}
            {d.conditions.map((c, i) => (
              <ConditionEditor
                key={c.key}
                index={i}
                c={c}
                errors={errors}
                onChange={(patch) => setCondition(i, patch)}
                onRemove={() => setList({ conditions: d.conditions.filter((_, n) => n !== i) })}
              />
            ))}
            <AddRow
              label={t('editor.addConditionType')}
              value={addCondition}
              options={CONDITION_TYPES.map((x) => [x, t(`conditionType.${x}`)])}
              onSelect={(v) => setAddCondition(v as ConditionType)}
              button={t('editor.addCondition')}
              onAdd={() => setList({ conditions: [...d.conditions, newCondition(addCondition)] })}
            />
          </fieldset>

          <fieldset className="triage-group">
            <legend>{t('editor.actions')}</legend>
            <p className="muted small">{t('editor.actionsHint')}</p>
            {errors['actions'] && <p className="field-error">{errors['actions']}</p>}
            {d.actions.map((a, i) => (
              <ActionEditor
                key={a.key}
                index={i}
                a={a}
                errors={errors}
                onChange={(patch) => setAction(i, patch)}
                onRemove={() => setList({ actions: d.actions.filter((_, n) => n !== i) })}
              />
            ))}
            <AddRow
              label={t('editor.addActionType')}
              value={addAction}
              options={ACTION_TYPES.map((x) => [x, t(`actionType.${x}`)])}
              onSelect={(v) => setAddAction(v as ActionType)}
              button={t('editor.addAction')}
              onAdd={() => setList({ actions: [...d.actions, newAction(addAction)] })}
            />
          </fieldset>

          <div className="row">
            <Button type="submit" busy={save.isPending} disabled={!changed && !!editing.id}>
              {editing.id ? t('editor.save') : t('editor.create')}
            </Button>
            <Button variant="secondary" onClick={onCancel}>
              {t('editor.cancel')}
            </Button>
            {changed && <span className="muted small">{t('editor.unsaved')}</span>}
          </div>
        </form>
      </CardBody>
    </Card>
  );
}

function AddRow({ label, value, options, onSelect, button, onAdd }: { label: string; value: string; options: [string, string][]; onSelect: (v: string) => void; button: string; onAdd: () => void }) {
  return (
    <div className="triage-add">
      <Select label={label} value={value} onChange={(e) => onSelect(e.target.value)}>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </Select>
      <Button variant="secondary" size="sm" onClick={onAdd}>
        {button}
      </Button>
    </div>
  );
}

/** A group of checkboxes (channels, roles, categories, organisations) with one error. */
function Checks<T extends string>({ legend, options, value, onChange, error }: { legend: string; options: [T, string][]; value: T[]; onChange: (v: T[]) => void; error?: string | undefined }) {
  const id = useId();
  return (
    <fieldset className="triage-checks" aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      <div className="triage-checks-list">
        {options.map(([v, l]) => (
          <label key={v} className="admin-check">
            <input type="checkbox" checked={value.includes(v)} onChange={(e) => onChange(e.target.checked ? [...value, v] : value.filter((x) => x !== v))} /> {l}
          </label>
        ))}
      </div>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

function Item({ title, onRemove, removeLabel, error, children }: { title: string; onRemove: () => void; removeLabel: string; error?: string | undefined; children: ReactNode }) {
  return (
    <div className="triage-item" role="group" aria-label={title}>
      <div className="row-between">
        <h4 className="triage-item-title">{title}</h4>
        <Button size="sm" variant="ghost" onClick={onRemove} aria-label={removeLabel}>
          ✕
        </Button>
      </div>
      {error && <p className="field-error">{error}</p>}
      {children}
    </div>
  );
}

function ConditionEditor({ index, c, errors, onChange, onRemove }: { index: number; c: DraftCondition; errors: Record<string, string>; onChange: (p: Partial<DraftCondition>) => void; onRemove: () => void }) {
  const { t } = useTranslation('triage');
  const lang = useLang();
  const table = useCoverageTable();
  const p = `conditions.${index}`;
  const title = t('editor.conditionN', { n: index + 1, type: t(`conditionType.${c.type}`) });
  const err = (f: string) => errors[`${p}.${f}`];
  return (
    <Item title={title} onRemove={onRemove} removeLabel={t('editor.removeCondition', { n: index + 1 })} error={errors[p] ?? errors[`${p}.type`]}>
      {c.type === 'text_contains_any' && (
        <TextArea label={t('editor.words')} hint={t('editor.wordsHint')} rows={2} value={c.words} error={err('words')} onChange={(e) => onChange({ words: e.target.value })} />
      )}
      {c.type === 'channel_is' && (
        <Checks legend={t('editor.channels')} options={CHANNELS.map((x) => [x, t(`channelName.${x}`)])} value={c.channels} error={err('channels')} onChange={(channels) => onChange({ channels })} />
      )}
      {c.type === 'category_is' && (
        <Checks
          legend={t('editor.categories')}
          options={(table.data?.items ?? []).filter((s) => !s.retired || c.categories.includes(s.code)).map((s) => [s.code, lang === 'nl' ? s.label_nl : s.label_en])}
          value={c.categories}
          error={err('categories')}
          onChange={(categories) => onChange({ categories })}
        />
      )}
      {c.type === 'organization_is' && <OrganizationsField ids={c.organization_ids} error={err('organization_ids')} onChange={(organization_ids) => onChange({ organization_ids })} />}
      {c.type === 'requester_role_is' && (
        <Checks legend={t('editor.roles')} options={ROLES.map((x) => [x, t(`role.${x}`)])} value={c.roles} error={err('roles')} onChange={(roles) => onChange({ roles })} />
      )}
      {c.type === 'has_valid_contract' && (
        <Select label={t('editor.contract')} value={c.value ? 'yes' : 'no'} error={err('value')} onChange={(e) => onChange({ value: e.target.value === 'yes' })}>
          <option value="yes">{t('editor.contractYes')}</option>
          <option value="no">{t('editor.contractNo')}</option>
        </Select>
      )}
    </Item>
  );
}

function ActionEditor({ index, a, errors, onChange, onRemove }: { index: number; a: DraftAction; errors: Record<string, string>; onChange: (p: Partial<DraftAction>) => void; onRemove: () => void }) {
  const { t } = useTranslation('triage');
  const lang = useLang();
  const table = useCoverageTable();
  const staff = useStaff();
  const p = `actions.${index}`;
  const title = t('editor.actionN', { n: index + 1, type: t(`actionType.${a.type}`) });
  const err = (f: string) => errors[`${p}.${f}`];
  return (
    <Item title={title} onRemove={onRemove} removeLabel={t('editor.removeAction', { n: index + 1 })} error={errors[p] ?? errors[`${p}.type`]}>
      {a.type === 'set_kind' && (
        <Select label={t('editor.kind')} value={a.kind} error={err('kind')} onChange={(e) => onChange({ kind: e.target.value as DraftAction['kind'] })}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </Select>
      )}
      {a.type === 'set_category' && (
        <Select label={t('editor.category')} value={a.category} error={err('category')} onChange={(e) => onChange({ category: e.target.value })}>
          <option value="">{t('editor.choose')}</option>
          {(table.data?.items ?? [])
            .filter((s) => !s.retired || s.code === a.category)
            .map((s) => (
              <option key={s.code} value={s.code}>
                {lang === 'nl' ? s.label_nl : s.label_en}
              </option>
            ))}
        </Select>
      )}
      {(a.type === 'set_impact' || a.type === 'set_urgency') && (
        <Select
          label={t(a.type === 'set_impact' ? 'editor.impact' : 'editor.urgency')}
          value={a.type === 'set_impact' ? a.impact : a.urgency}
          error={err(a.type === 'set_impact' ? 'impact' : 'urgency')}
          onChange={(e) => onChange(a.type === 'set_impact' ? { impact: e.target.value as DraftAction['impact'] } : { urgency: e.target.value as DraftAction['urgency'] })}
        >
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {t(`level.${l}`)}
            </option>
          ))}
        </Select>
      )}
      {a.type === 'assign_to' && (
        <Select label={t('editor.agent')} value={a.agent_id} error={err('agent_id')} onChange={(e) => onChange({ agent_id: e.target.value })}>
          <option value="">{t('editor.choose')}</option>
          {(staff.data ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {u.display_name}
            </option>
          ))}
        </Select>
      )}
      {a.type === 'add_internal_note' && (
        <TextArea label={t('editor.note')} hint={t('editor.noteHint')} rows={3} value={a.body} error={err('body')} onChange={(e) => onChange({ body: e.target.value })} />
      )}
      {a.type === 'stop_processing' && <p className="muted small">{t('editor.stopHint')}</p>}
    </Item>
  );
}

/** The organisations of an `organization_is` condition: the chosen ones, and a type-ahead to add one. */
function OrganizationsField({ ids, error, onChange }: { ids: string[]; error?: string | undefined; onChange: (ids: string[]) => void }) {
  const { t } = useTranslation('triage');
  const names = useOrganizationNames(ids);
  const id = useId();
  return (
    <div className="stack-sm">
      <p className="field-label" id={`${id}-label`}>
        {t('editor.organizations')}
      </p>
      {ids.length === 0 ? (
        <p className="muted small">{t('editor.noOrganizations')}</p>
      ) : (
        <ul className="triage-chips" aria-labelledby={`${id}-label`}>
          {ids.map((o) => (
            <li key={o} className="triage-chip">
              <span>{names.get(o) ?? o}</span>
              <Button size="sm" variant="ghost" aria-label={t('editor.removeOrganization', { name: names.get(o) ?? o })} onClick={() => onChange(ids.filter((x) => x !== o))}>
                ✕
              </Button>
            </li>
          ))}
        </ul>
      )}
      <OrganizationPicker
        label={t('editor.addOrganization')}
        value={undefined}
        error={error}
        onChange={(picked) => {
          if (picked && !ids.includes(picked)) onChange([...ids, picked]);
        }}
      />
    </div>
  );
}
