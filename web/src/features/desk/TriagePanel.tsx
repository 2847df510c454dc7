import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Select } from '../../components/Field';
import { formatDateTime } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { runTriage, usePriorityMatrix, useRefreshTicket, type Impact, type Kind, type TicketDetail, type Urgency } from './api';
import { OutcomeAlert, problemWords, useChange } from './change';
import { IMPACTS, URGENCIES, previewPriority } from './priority';
import { SlaExplanation } from './SlaExplanation';

const KINDS: readonly Kind[] = ['support', 'issue', 'change_request'];

/** The policy at work on this ticket: triage, kind, impact × urgency → priority, and the SLA. */
export function TriagePanel({ ticket, disabled }: { ticket: TicketDetail; disabled: boolean }) {
  const { t } = useTranslation('desk');
  return (
    <div className="stack desk-triage">
      <section className="stack-sm" aria-labelledby="triage-decision">
        <h3 id="triage-decision" className="desk-sub">
          {t('triage.decision')}
        </h3>
        <Decision decision={ticket.triage} />
        <Rerun reference={ticket.reference} disabled={disabled} />
      </section>
      <section className="stack-sm" aria-labelledby="triage-kind">
        <h3 id="triage-kind" className="desk-sub">
          {t('triage.kind')}
        </h3>
        <ConvertKind ticket={ticket} disabled={disabled} />
      </section>
      <section className="stack-sm" aria-labelledby="triage-priority">
        <h3 id="triage-priority" className="desk-sub">
          {t('triage.priorityTitle')}
        </h3>
        <ImpactUrgency ticket={ticket} disabled={disabled} />
      </section>
      <section className="stack-sm" aria-labelledby="triage-sla">
        <h3 id="triage-sla" className="desk-sub">
          {t('sla.title')}
        </h3>
        <SlaExplanation ticket={ticket} />
      </section>
    </div>
  );
}

function Decision({ decision }: { decision: TicketDetail['triage'] }) {
  const { t } = useTranslation('desk');
  const lang = useLang();
  if (!decision) return <p className="muted">{t('triage.none')}</p>;
  return (
    <div className="stack-sm">
      <div className="desk-decision">
        <strong>{t('triage.byRule', { name: decision.rule_name })}</strong>
        <p className="desk-decision-why">{decision.explanation}</p>
      </div>
      <p className="small muted">
        <time dateTime={decision.decided_at}>{t('triage.decidedAt', { when: formatDateTime(decision.decided_at, lang) })}</time>
      </p>
    </div>
  );
}

function Rerun({ reference, disabled }: { reference: string; disabled: boolean }) {
  const { t } = useTranslation('desk');
  const refresh = useRefreshTicket(reference);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: 'success' | 'danger'; title: string; lines: string[] } | null>(null);
  return (
    <div className="stack-sm">
      <div>
        <Button
          variant="secondary"
          size="sm"
          busy={busy}
          disabled={disabled}
          onClick={async () => {
            setBusy(true);
            setResult(null);
            try {
              const r = await runTriage(reference);
              setResult({ tone: 'success', title: r.decisions.length ? t('triage.rerunDone') : t('triage.rerunNothing'), lines: r.decisions });
              await refresh();
            } catch (e) {
              setResult({ tone: 'danger', title: t('triage.rerunFailed'), lines: [problemWords(e, t)] });
            } finally {
              setBusy(false);
            }
          }}
        >
          {busy ? t('triage.rerunning') : t('triage.rerun')}
        </Button>
      </div>
      {result && (
        <Alert tone={result.tone} title={result.title}>
          {result.lines.length > 0 && (
            <ul className="desk-decisions-plain">
              {result.lines.map((l, i) => (
                <li key={i}>{l}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
    </div>
  );
}

/** Support ↔ issue ↔ change request, after a confirmation that names what stays the same. */
function ConvertKind({ ticket, disabled }: { ticket: TicketDetail; disabled: boolean }) {
  const { t } = useTranslation('desk');
  const { busy, outcome, send } = useChange(ticket.reference);
  const others = KINDS.filter((k) => k !== ticket.kind);
  const [to, setTo] = useState<Kind | null>(null);
  // The pick, unless a live update made it the ticket's kind meanwhile.
  const target: Kind = to && to !== ticket.kind ? to : (others[0] ?? ticket.kind);
  const [confirming, setConfirming] = useState(false);
  const kindName = (k: Kind) => t(`kind.${k}`);
  return (
    <form
      className="stack-sm"
      onSubmit={(e) => {
        e.preventDefault();
        setConfirming(true);
      }}
    >
      <p className="small">
        <strong>{t('triage.kindNow', { kind: kindName(ticket.kind) })}</strong>{' '}
        <span className="muted">{t('triage.kindHint', { reference: ticket.reference })}</span>
      </p>
      <div className="desk-inline">
        <Select label={t('triage.convertTo')} value={target} disabled={disabled} onChange={(e) => setTo(e.target.value as Kind)}>
          {others.map((k) => (
            <option key={k} value={k}>
              {kindName(k)}
            </option>
          ))}
        </Select>
        <Button type="submit" variant="secondary" size="sm" disabled={disabled} busy={busy}>
          {t('triage.convert')}
        </Button>
      </div>
      <OutcomeAlert outcome={outcome} />
      <Dialog open={confirming} onClose={() => setConfirming(false)} title={t('triage.confirmTitle', { reference: ticket.reference, kind: kindName(target) })}>
        <p>{t('triage.confirmBody', { reference: ticket.reference, kind: kindName(target), from: kindName(ticket.kind) })}</p>
        <div className="dialog-actions">
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            {t('common:action.cancel')}
          </Button>
          <Button
            busy={busy}
            onClick={async () => {
              setConfirming(false);
              if (
                await send(
                  { kind: target },
                  (u) => t('triage.converted', { kind: kindName(u.kind), reference: u.reference }),
                  t('triage.convertFailed'),
                )
              )
                setTo(null);
            }}
          >
            {t('triage.confirm', { kind: kindName(target) })}
          </Button>
        </div>
      </Dialog>
    </form>
  );
}

/**
 * Impact and urgency, with the priority they lead to shown from the priority matrix as the
 * agent chooses, before anything is saved. The drafts follow the ticket until touched, so a
 * live change by a colleague shows here too.
 */
function ImpactUrgency({ ticket, disabled }: { ticket: TicketDetail; disabled: boolean }) {
  const { t } = useTranslation('desk');
  const matrix = usePriorityMatrix();
  const { busy, outcome, send } = useChange(ticket.reference);
  const [impactDraft, setImpactDraft] = useState<Impact | null>(null);
  const [urgencyDraft, setUrgencyDraft] = useState<Urgency | null>(null);
  const impact = impactDraft ?? ticket.impact ?? null;
  const urgency = urgencyDraft ?? ticket.urgency;
  const changed = impact !== (ticket.impact ?? null) || urgency !== ticket.urgency;
  const preview = matrix.data ? previewPriority(ticket, matrix.data.cells, { impact, urgency }) : null;
  const p = (x: string) => t(`priority.${x}`);

  const save = async (body: Parameters<typeof send>[0]) => {
    if (await send(body, (u) => t('triage.saved', { priority: p(u.priority) }), t('triage.saveFailed'))) {
      setImpactDraft(null);
      setUrgencyDraft(null);
    }
  };

  return (
    <form
      className="stack-sm"
      onSubmit={(e) => {
        e.preventDefault();
        void save({ ...(impact ? { impact } : {}), urgency });
      }}
    >
      <Select label={t('triage.impact')} value={impact ?? ''} disabled={disabled} onChange={(e) => setImpactDraft(e.target.value as Impact)}>
        {!impact && <option value="">{t('triage.impactChoose')}</option>}
        {IMPACTS.map((i) => (
          <option key={i} value={i}>
            {t(`impact.${i}`)}
          </option>
        ))}
      </Select>
      <Select
        label={t('triage.urgency')}
        hint={t('triage.urgencyHint')}
        value={urgency}
        disabled={disabled}
        onChange={(e) => setUrgencyDraft(e.target.value as Urgency)}
      >
        {URGENCIES.map((u) => (
          <option key={u} value={u}>
            {t(`urgency.${u}`)}
          </option>
        ))}
      </Select>
      <div className="desk-result" role="status" aria-live="polite">
        <span className="field-label">{t('triage.result')}</span>
        {!preview ? (
          <span className="muted">{t('triage.matrixLoading')}</span>
        ) : preview.overridden ? (
          <p>{t('triage.overridden', { priority: p(preview.priority), matrix: preview.matrix ? p(preview.matrix) : '—' })}</p>
        ) : (
          <p>
            <output className="desk-result-value">
              {t('triage.resultMatrix', {
                priority: p(preview.priority),
                impact: t(`impactShort.${impact ?? 'medium'}`),
                urgency: t(`urgency.${urgency}`),
              })}
            </output>{' '}
            <span className="muted">
              ({preview.priority === ticket.priority ? t('triage.resultSame') : t('triage.resultChanges', { from: p(ticket.priority) })})
            </span>
          </p>
        )}
      </div>
      <div className="row">
        <Button type="submit" variant="secondary" size="sm" busy={busy} disabled={disabled || !changed}>
          {t('triage.save')}
        </Button>
        {ticket.priority_overridden && (
          <Button variant="ghost" size="sm" disabled={disabled || busy} onClick={() => void save({ priority: null })}>
            {t('triage.useMatrix')}
          </Button>
        )}
      </div>
      <OutcomeAlert outcome={outcome} />
    </form>
  );
}
