import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Card, CardBody, CardHeader } from '../../components/Card';
import { ErrorState } from '../../components/ErrorState';
import { TextField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { Skeleton } from '../../components/Spinner';
import { useLang } from '../../i18n/useLang';
import { useAddSubject, useBillingSettings, useCoverageTable, useSaveBillingSettings, useSaveCoverage, type BillingSettings } from './api';
import { columnsAfter, coverageDiff, editsFrom, type CoverageEdit, type CoverageRow } from './coverageDiff';
import { formProblem } from './form';
import { basisPointsToInput, centsToInput, parseEuros, parsePercent } from './money';
import { AdminNav } from './AdminNav';
import './admin.css';

export default function CoveragePage() {
  const { t } = useTranslation('admin');
  return (
    <>
      <AdminNav />
      <PageHeader title={t('coverage.title')} sub={t('coverage.sub')} docTitle={t('nav.coverage')} />
      <div className="stack">
        <CoverageEditor />
        <AddSubject />
        <BillingSettingsCard />
      </div>
    </>
  );
}

function label(row: Pick<CoverageRow, 'label_nl' | 'label_en'>, lang: 'nl' | 'en') {
  return lang === 'nl' ? row.label_nl : row.label_en;
}

function CoverageEditor() {
  const { t } = useTranslation('admin');
  const table = useCoverageTable();
  const [notice, setNotice] = useState<string | null>(null);
  if (table.isPending) return <Skeleton lines={6} />;
  if (table.isError) return <ErrorState error={table.error} title={t('coverage.error')} onRetry={() => void table.refetch()} />;
  // The editor starts again from the stored table after every save (the refetched table).
  const items = table.data.items;
  return <CoverageTableForm key={JSON.stringify(items)} items={items} notice={notice} setNotice={setNotice} />;
}

function CoverageTableForm({ items, notice, setNotice }: { items: CoverageRow[]; notice: string | null; setNotice: (n: string | null) => void }) {
  const { t } = useTranslation('admin');
  const lang = useLang();
  const save = useSaveCoverage();
  const [edits, setEdits] = useState<Record<string, CoverageEdit>>(() => editsFrom(items));
  const [error, setError] = useState<string | null>(null);
  const diff = coverageDiff(items, edits);
  const cols = columnsAfter(items, edits);
  const set = (code: string, change: Partial<CoverageEdit>) => {
    setNotice(null);
    setEdits((e) => ({ ...e, [code]: { ...(e[code] ?? { included: false, retired: false }), ...change } }));
  };
  const onSave = async () => {
    setError(null);
    try {
      await save.mutateAsync(diff.map((c) => ({ code: c.code, patch: c.patch })));
      setNotice(t('coverage.saved'));
    } catch (e) {
      setError(formProblem(t, e, []).form);
    }
  };

  return (
    <Card aria-labelledby="admin-coverage-table">
      <CardHeader id="admin-coverage-table" title={t('coverage.caption')} />
      <CardBody>
        <div className="stack">
          <div className="table-wrap">
            <table className="table admin-coverage">
              <caption className="visually-hidden">{t('coverage.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('coverage.subject')}</th>
                  <th scope="col">{t('coverage.side')}</th>
                  <th scope="col">{t('coverage.retired')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((row) => {
                  const e = edits[row.code] ?? row;
                  const changed = diff.some((c) => c.code === row.code);
                  const name = label(row, lang);
                  return (
                    <tr key={row.code} className={changed ? 'admin-changed' : undefined}>
                      <td data-label={t('coverage.subject')} className="table-cell-main">
                        <span className={e.retired ? 'muted' : undefined}>{name}</span>
                        <br />
                        <span className="small muted mono">{row.code}</span>
                      </td>
                      <td data-label={t('coverage.side')}>
                        <label className="admin-check">
                          <input type="checkbox" checked={e.included} aria-label={t('coverage.sideOf', { subject: name })} onChange={(ev) => set(row.code, { included: ev.target.checked })} />
                          <span aria-hidden="true">{e.included ? t('coverage.included') : t('coverage.billable')}</span>
                        </label>
                      </td>
                      <td data-label={t('coverage.retired')}>
                        <label className="admin-check">
                          <input type="checkbox" checked={e.retired} aria-label={t('coverage.retiredOf', { subject: name })} onChange={(ev) => set(row.code, { retired: ev.target.checked })} />
                          <span aria-hidden="true">{e.retired ? t('coverage.retired') : t('coverage.offered')}</span>
                        </label>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <section aria-labelledby="admin-coverage-pending" className="admin-pending">
            <h3 id="admin-coverage-pending" className="admin-h3">
              {diff.length ? t('coverage.pendingTitle', { count: diff.length }) : t('coverage.noPending')}
            </h3>
            {diff.length > 0 && (
              <ul aria-label={t('coverage.pendingTitle', { count: diff.length })}>
                {diff.map((c) => {
                  const subject = label(c, lang);
                  return (
                    <li key={c.code}>
                      {c.side && <span className="admin-side">{t(c.side === 'to_included' ? 'coverage.toIncluded' : 'coverage.toBillable', { subject })}</span>}
                      {c.side && c.status && ' · '}
                      {c.status && <span>{t(c.status === 'retire' ? 'coverage.retire' : 'coverage.restore', { subject })}</span>}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
          {diff.length > 0 && (
            <details className="admin-columns">
              <summary>{t('coverage.columnsTitle')}</summary>
              <div className="admin-two">
                <div>
                  <h4>{t('coverage.includedColumn')}</h4>
                  <ul>{cols.included.map((r) => <li key={r.code}>{label(r, lang)}</li>)}</ul>
                </div>
                <div>
                  <h4>{t('coverage.billableColumn')}</h4>
                  <ul>{cols.billable.map((r) => <li key={r.code}>{label(r, lang)}</li>)}</ul>
                </div>
              </div>
            </details>
          )}
          {notice && <Alert tone="success">{notice}</Alert>}
          {error && <Alert tone="danger" title={t('common.formError')}><p>{error}</p></Alert>}
          <div className="row">
            <Button onClick={() => void onSave()} disabled={diff.length === 0} busy={save.isPending}>
              {t('coverage.save')}
            </Button>
            <Button variant="secondary" onClick={() => setEdits(editsFrom(items))} disabled={diff.length === 0}>
              {t('coverage.reset')}
            </Button>
          </div>
        </div>
      </CardBody>
    </Card>
  );
}

interface SubjectForm {
  code: string;
  label_nl: string;
  label_en: string;
  included: boolean;
}

function AddSubject() {
  const { t } = useTranslation('admin');
  const lang = useLang();
  const add = useAddSubject();
  const [notice, setNotice] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<SubjectForm>({
    defaultValues: { code: '', label_nl: '', label_en: '', included: false },
  });
  const onSubmit = handleSubmit(async (v) => {
    setNotice(null);
    setFormError(null);
    try {
      const made = await add.mutateAsync({ code: v.code.trim(), label_nl: v.label_nl, label_en: v.label_en, included: v.included });
      setNotice(t('coverage.added', { subject: lang === 'nl' ? made.label_nl : made.label_en }));
      reset();
    } catch (e) {
      const p = formProblem(t, e, ['code', 'label_nl', 'label_en', 'included'], {}, { code: t('coverage.codeTaken') });
      for (const [f, m] of Object.entries(p.byField)) setError(f as keyof SubjectForm, { message: m });
      setFormError(p.form);
    }
  });
  const e = formState.errors;
  return (
    <Card aria-labelledby="admin-add-subject">
      <CardHeader id="admin-add-subject" title={t('coverage.addTitle')} />
      <CardBody>
        <form className="stack" noValidate onSubmit={onSubmit}>
          {notice && <Alert tone="success">{notice}</Alert>}
          {formError && <Alert tone="danger" title={t('common.formError')}><p>{formError}</p></Alert>}
          <TextField label={t('coverage.code')} hint={t('coverage.codeHint')} error={e.code?.message} {...register('code')} />
          <div className="admin-two">
            <TextField label={t('coverage.labelNl')} error={e.label_nl?.message} {...register('label_nl')} />
            <TextField label={t('coverage.labelEn')} error={e.label_en?.message} {...register('label_en')} />
          </div>
          <label className="admin-check">
            <input type="checkbox" {...register('included')} /> {t('coverage.addIncluded')}
          </label>
          <div>
            <Button type="submit" variant="secondary" busy={formState.isSubmitting}>
              {t('coverage.add')}
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}

interface SettingsForm {
  increment: string;
  minimum: string;
  rate: string;
  vat: string;
}

function toSettingsForm(s: BillingSettings): SettingsForm {
  return {
    increment: String(s.increment_minutes),
    minimum: String(s.minimum_minutes),
    rate: centsToInput(s.default_hourly_rate_cents),
    vat: basisPointsToInput(s.vat_rate_basis_points),
  };
}

function BillingSettingsCard() {
  const { t } = useTranslation('admin');
  const settings = useBillingSettings();
  return (
    <Card aria-labelledby="admin-billing">
      <CardHeader id="admin-billing" title={t('billing.title')} />
      <CardBody>
        <p className="muted small">{t('billing.sub')}</p>
        {settings.isPending ? (
          <Skeleton lines={4} />
        ) : settings.isError ? (
          <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
        ) : (
          <BillingSettingsForm settings={settings.data} />
        )}
      </CardBody>
    </Card>
  );
}

function BillingSettingsForm({ settings }: { settings: BillingSettings }) {
  const { t } = useTranslation('admin');
  const save = useSaveBillingSettings();
  const [notice, setNotice] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<SettingsForm>({ defaultValues: toSettingsForm(settings) });
  const onSubmit = handleSubmit(async (v) => {
    setNotice(null);
    setFormError(null);
    const whole = (s: string) => (/^\s*\d{1,6}\s*$/.test(s) ? Number(s) : null);
    const body = {
      increment_minutes: whole(v.increment),
      minimum_minutes: whole(v.minimum),
      default_hourly_rate_cents: parseEuros(v.rate),
      vat_rate_basis_points: parsePercent(v.vat),
    };
    const local: [keyof SettingsForm, unknown, string][] = [
      ['increment', body.increment_minutes, 'billing.invalidNumber'],
      ['minimum', body.minimum_minutes, 'billing.invalidNumber'],
      ['rate', body.default_hourly_rate_cents, 'billing.invalidAmount'],
      ['vat', body.vat_rate_basis_points, 'billing.invalidPercent'],
    ];
    const bad = local.filter(([, value]) => value === null);
    for (const [field, , key] of bad) setError(field, { message: t(key) });
    if (bad.length) return;
    try {
      await save.mutateAsync(body as BillingSettings);
      setNotice(t('billing.saved'));
    } catch (e) {
      const p = formProblem(t, e, ['increment', 'minimum', 'rate', 'vat'], {
        increment_minutes: 'increment',
        minimum_minutes: 'minimum',
        default_hourly_rate_cents: 'rate',
        vat_rate_basis_points: 'vat',
      });
      for (const [f, m] of Object.entries(p.byField)) setError(f as keyof SettingsForm, { message: m });
      setFormError(p.form);
    }
  });
  const e = formState.errors;
  return (
    <form className="stack" noValidate onSubmit={onSubmit}>
      {notice && <Alert tone="success">{notice}</Alert>}
      {formError && <Alert tone="danger" title={t('common.formError')}><p>{formError}</p></Alert>}
      <div className="admin-two">
        <TextField label={t('billing.increment')} inputMode="numeric" error={e.increment?.message} {...register('increment')} />
        <TextField label={t('billing.minimum')} hint={t('billing.minimumHint')} inputMode="numeric" error={e.minimum?.message} {...register('minimum')} />
        <TextField label={t('billing.rate')} inputMode="decimal" error={e.rate?.message} {...register('rate')} />
        <TextField label={t('billing.vat')} inputMode="decimal" error={e.vat?.message} {...register('vat')} />
      </div>
      <div>
        <Button type="submit" busy={formState.isSubmitting}>
          {t('billing.save')}
        </Button>
      </div>
    </form>
  );
}
