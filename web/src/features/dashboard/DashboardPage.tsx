import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useOrganizationNames } from '../../api/queries';
import { isStaff, useUser } from '../../api/useSession';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { OrganizationPicker } from '../../components/OrganizationPicker';
import { PageHeader } from '../../components/PageHeader';
import { brusselsDate } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import {
  useBacklog,
  useBillingReport,
  useFirstResponseReport,
  useSlaReport,
  useTicketsReport,
  type Scope,
} from './api';
import { Headlines } from './Headlines';
import { BacklogCard, BillingMonthsCard, BillingOrganizationsCard, FirstResponseCard, SlaCard, TicketsCard } from './cards';
import { formatPeriod } from './format';
import { checkPeriod, choiceFromParams, PRESETS, withChoice, type Choice, type Period, type Preset } from './period';
import './dashboard.css';
import { OrgNav } from '../organization/OrgNav';

/**
 * The dashboard: the reports API's figures as charts, each also as a table and as CSV, for a
 * period kept in the address (`?period=` or `?from=&to=`). Staff see every organisation and
 * may pick one (`?org=`); a customer admin sees their own organisation (the API scopes it),
 * without the organisation filter and the per-organisation billing.
 */
export default function DashboardPage() {
  const { t } = useTranslation('dashboard');
  const lang = useLang();
  const user = useUser();
  const staff = isStaff(user);
  const today = brusselsDate();
  const [params, setParams] = useSearchParams();
  const choice = choiceFromParams(params, today);
  const period = choice.period;
  const org: Scope = staff ? params.get('org') || undefined : undefined;

  const backlog = useBacklog(org);
  const sla = useSlaReport(period, org);
  const billing = useBillingReport(period, org);
  const tickets = useTicketsReport(period, org);
  const firstResponse = useFirstResponseReport(period, org);

  const choose = (c: { preset: Preset } | { period: Period }) => setParams(withChoice(params, c), { replace: true });
  const setOrg = (id: string) => {
    const next = new URLSearchParams(params);
    if (id) next.set('org', id);
    else next.delete('org');
    setParams(next, { replace: true });
  };

  const periodText = formatPeriod(period.from, period.to, lang);
  return (
    <>
      <OrgNav />
      <PageHeader title={t('title')} sub={staff ? t('sub.staff') : t('sub.customer')} />
      <div className="dash stack">
        <section className="card dash-controls" aria-labelledby="dash-filters">
          <h2 id="dash-filters" className="visually-hidden">
            {t('filters')}
          </h2>
          <PeriodPicker choice={choice} onChoose={choose} />
          {staff && <OrganizationFilter value={org} onChange={setOrg} />}
        </section>
        <p className="dash-period" aria-live="polite">
          {t('showing', { period: periodText })}
          {staff && org ? <OrgName id={org} /> : null}
        </p>
        <Headlines backlog={backlog} sla={sla} billing={billing} firstResponse={firstResponse} staff={staff} />
        <div className="dash-grid">
          <BacklogCard query={backlog} period={period} org={org} />
          <FirstResponseCard query={firstResponse} period={period} org={org} />
          <SlaCard query={sla} period={period} org={org} />
          <TicketsCard query={tickets} period={period} org={org} by="channel" />
          <TicketsCard query={tickets} period={period} org={org} by="kind" />
          <BillingMonthsCard query={billing} period={period} org={org} wide={!(staff && !org)} />
          {staff && !org && <BillingOrganizationsCard query={billing} period={period} org={org} />}
        </div>
      </div>
    </>
  );
}

function OrgName({ id }: { id: string }) {
  const { t } = useTranslation('dashboard');
  const name = useOrganizationNames([id]).get(id);
  return <> {t('showingOrg', { name: name ?? '…' })}</>;
}

function PeriodPicker({ choice, onChoose }: { choice: Choice; onChoose: (c: { preset: Preset } | { period: Period }) => void }) {
  const { t } = useTranslation('dashboard');
  const presetsId = useId();
  const [draft, setDraft] = useState(choice.period);
  const [shown, setShown] = useState(choice.period);
  const [errors, setErrors] = useState<ReturnType<typeof checkPeriod>>({});
  // A new period from outside (a preset, the address): the fields follow it.
  if (shown.from !== choice.period.from || shown.to !== choice.period.to) {
    setShown(choice.period);
    setDraft(choice.period);
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const problems = checkPeriod(draft);
    setErrors(problems);
    if (!problems.from && !problems.to) onChoose({ period: draft });
  };
  return (
    <div className="dash-period-picker">
      <div className="dash-presets" role="group" aria-labelledby={presetsId}>
        <span id={presetsId} className="field-label">
          {t('period.label')}
        </span>
        <div className="dash-segmented">
          {PRESETS.map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={choice.preset === p}
              onClick={() => {
                setErrors({});
                onChoose({ preset: p });
              }}
            >
              {choice.preset === p && (
                <span aria-hidden="true" className="dash-check">
                  ✓{' '}
                </span>
              )}
              {t(`period.preset.${p}`)}
            </button>
          ))}
        </div>
      </div>
      <form className="dash-custom" onSubmit={onSubmit} noValidate aria-label={t('period.custom')}>
        <TextField
          label={t('period.from')}
          type="date"
          value={draft.from}
          required
          error={errors.from ? t(`period.error.${errors.from}`) : undefined}
          onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
        />
        <TextField
          label={t('period.to')}
          type="date"
          value={draft.to}
          required
          error={errors.to ? t(`period.error.${errors.to}`) : undefined}
          onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
        />
        <div className="dash-custom-submit">
          <Button type="submit" variant={choice.preset ? 'secondary' : 'primary'}>
            {t('period.apply')}
          </Button>
        </div>
      </form>
    </div>
  );
}

function OrganizationFilter({ value, onChange }: { value: Scope; onChange: (id: string) => void }) {
  const { t } = useTranslation('dashboard');
  return (
    <div className="dash-org">
      <OrganizationPicker label={t('org.label')} placeholder={t('org.all')} value={value} onChange={(id) => onChange(id ?? '')} />
    </div>
  );
}
