import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../../api/problem';
import { useCoverageTable } from '../../api/queries';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Card, CardBody, CardHeader } from '../../components/Card';
import { Select, TextArea, TextField } from '../../components/Field';
import { useLang } from '../../i18n/useLang';
import { useOrganizationCoverage, usePreview, type PreviewRequest, type PreviewResult } from './api';
import { CHANNELS, ROLES, inputOf, type Channel, type Role } from './draft';
import { organizationIds, useNames, useRuleProblem, withNames, type Editing } from './hooks';
import { OrganizationPicker } from '../../components/OrganizationPicker';

interface Ticket {
  subject: string;
  description: string;
  channel: Channel;
  category: string;
  organization_id: string;
  has_valid_contract: boolean;
  requester_role: Role;
}

const EMPTY: Ticket = { subject: '', description: '', channel: 'portal', category: '', organization_id: '', has_valid_contract: false, requester_role: 'customer' };

/** A draft ticket tried on the rules: the saved ones, with the editor's unsaved rule in its place. */
export function PreviewPanel({ editing, onDraftErrors }: { editing: Editing | null; onDraftErrors: (e: Record<string, string>) => void }) {
  const { t } = useTranslation('triage');
  const lang = useLang();
  const table = useCoverageTable();
  const [ticket, setTicket] = useState<Ticket>(EMPTY);
  const [result, setResult] = useState<{ result: PreviewResult; draftName: string | null } | null>(null);
  const names = useNames([
    ...(ticket.organization_id ? [ticket.organization_id] : []),
    ...(editing ? organizationIds(inputOf(editing.draft).conditions ?? []) : []),
    ...(result?.result.decisions ?? []).flatMap((d) => d.reasons.flatMap((r) => (r.condition === 'organization_is' ? [r.organization_id] : []))),
  ]);
  const coverage = useOrganizationCoverage(ticket.organization_id || undefined);
  const [coveredFor, setCoveredFor] = useState<string | null>(null);
  // A picked organisation's contract today fills in the box (the admin may still change it).
  if (coverage.data && ticket.organization_id && coveredFor !== ticket.organization_id) {
    setCoveredFor(ticket.organization_id);
    setTicket((x) => ({ ...x, has_valid_contract: coverage.data.covered }));
  }
  const preview = usePreview();
  const toProblem = useRuleProblem();
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<Ticket>) => setTicket((x) => ({ ...x, ...patch }));

  const run = async () => {
    setError(null);
    setResult(null);
    const body: PreviewRequest = {
      subject: ticket.subject,
      description: ticket.description,
      channel: ticket.channel,
      requester_role: ticket.requester_role,
      has_valid_contract: ticket.has_valid_contract,
      ...(ticket.category ? { category: ticket.category } : {}),
      ...(ticket.organization_id ? { organization_id: ticket.organization_id } : {}),
      ...(editing ? { draft: { rule: inputOf(editing.draft), ...(editing.id ? { replaces: editing.id } : {}) } } : {}),
    };
    try {
      const r = await preview.mutateAsync(body);
      onDraftErrors({});
      setResult({ result: r, draftName: editing ? editing.draft.name : null });
    } catch (e) {
      const p = editing ? toProblem(e, editing.draft, 'draft.rule') : null;
      if (p && Object.keys(p.byField).length) {
        onDraftErrors(p.byField);
        setError(t('preview.fixRule'));
      } else if (p) {
        setError(p.rest.join(' '));
      } else {
        setError(isApiProblem(e) ? e.detail || e.title : t('common:error.unexpected'));
      }
    }
  };

  const r = result?.result;
  const draftId = r?.draft_rule_id ?? null;
  const draftFired = !!draftId && !!r?.decisions.some((d) => d.rule_id === draftId);
  return (
    <Card aria-labelledby="triage-preview-title">
      <CardHeader id="triage-preview-title" title={t('preview.title')} />
      <CardBody>
        <form
          className="stack"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <p className="muted small">{editing ? t('preview.withDraft') : t('preview.withSaved')}</p>
          <TextField label={t('preview.subject')} value={ticket.subject} onChange={(e) => set({ subject: e.target.value })} />
          <TextArea label={t('preview.description')} rows={3} value={ticket.description} onChange={(e) => set({ description: e.target.value })} />
          <div className="triage-two">
            <Select label={t('preview.channel')} value={ticket.channel} onChange={(e) => set({ channel: e.target.value as Channel })}>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`channelName.${c}`)}
                </option>
              ))}
            </Select>
            <Select label={t('preview.role')} value={ticket.requester_role} onChange={(e) => set({ requester_role: e.target.value as Role })}>
              {ROLES.map((x) => (
                <option key={x} value={x}>
                  {t(`role.${x}`)}
                </option>
              ))}
            </Select>
            <Select label={t('preview.category')} value={ticket.category} onChange={(e) => set({ category: e.target.value })}>
              <option value="">{t('preview.noCategory')}</option>
              {(table.data?.items ?? [])
                .filter((s) => !s.retired)
                .map((s) => (
                  <option key={s.code} value={s.code}>
                    {lang === 'nl' ? s.label_nl : s.label_en}
                  </option>
                ))}
            </Select>
            <OrganizationPicker
              label={t('preview.organization')}
              placeholder={t('preview.noOrganization')}
              value={ticket.organization_id || undefined}
              onChange={(id) => set({ organization_id: id ?? '' })}
            />
          </div>
          <label className="admin-check">
            <input type="checkbox" checked={ticket.has_valid_contract} onChange={(e) => set({ has_valid_contract: e.target.checked })} /> {t('preview.contract')}
          </label>
          <div>
            <Button type="submit" variant="secondary" busy={preview.isPending}>
              {t('preview.run')}
            </Button>
          </div>
        </form>
        {error && (
          <Alert tone="danger">
            <p>{error}</p>
          </Alert>
        )}
        {r && (
          <section className="triage-result stack-sm" aria-labelledby="triage-result-title" aria-live="polite">
            <h3 id="triage-result-title" className="triage-h3">
              {t('preview.result')}
            </h3>
            {draftId && (
              <Alert tone={draftFired ? 'success' : 'info'} live={false}>
                <p>{t(draftFired ? 'preview.draftFires' : 'preview.draftSilent', { name: result?.draftName || t('preview.yourRule') })}</p>
              </Alert>
            )}
            <dl className="triage-outcome">
              <dt>{t('preview.kind')}</dt>
              <dd>{t(`kind.${r.kind}`)}</dd>
              <dt>{t('preview.categoryOut')}</dt>
              <dd>{r.category ? names.subject(r.category) : t('preview.none')}</dd>
              <dt>{t('preview.impact')}</dt>
              <dd>{r.impact ? t(`level.${r.impact}`) : t('preview.none')}</dd>
              <dt>{t('preview.urgency')}</dt>
              <dd>{r.urgency ? t(`level.${r.urgency}`) : t('preview.none')}</dd>
              <dt>{t('preview.assignee')}</dt>
              <dd>{r.assignee_id ? names.agent(r.assignee_id) : t('preview.none')}</dd>
              <dt>{t('preview.priority')}</dt>
              <dd>{t(`level.${r.priority.priority}`)}</dd>
            </dl>
            <h4 className="triage-h4">{t('preview.why')}</h4>
            {r.explanations.length === 0 ? (
              <p>{t('preview.noRuleFired')}</p>
            ) : (
              <ol className="triage-why" aria-label={t('preview.why')}>
                {r.explanations.map((text, i) => {
                  const fromDraft = !!draftId && r.decisions[i]?.rule_id === draftId;
                  return (
                    <li key={i} className={fromDraft ? 'triage-why-draft' : undefined}>
                      {withNames(text, names)}
                      {fromDraft && <span className="triage-draft-tag"> ({t('preview.fromDraft')})</span>}
                    </li>
                  );
                })}
              </ol>
            )}
            {r.internal_notes.length > 0 && (
              <>
                <h4 className="triage-h4">{t('preview.notes')}</h4>
                <ul>
                  {r.internal_notes.map((n, i) => (
                    <li key={i}>{n}</li>
                  ))}
                </ul>
              </>
            )}
          </section>
        )}
      </CardBody>
    </Card>
  );
}
