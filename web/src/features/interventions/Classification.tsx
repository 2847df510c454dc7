import { forwardRef, type SelectHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schema } from '../../api/types';
import { Badge } from '../../components/Badge';
import { Select } from '../../components/Field';
import { formatMoneyCents } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import type { CoverageRow } from './api';
import { formatMinutes } from './time';

type Classification = Schema<'Classification'>;

/** "Included in the contract" or "Billable", in words (the colour only supports it). */
export function OutcomeBadge({ outcome }: { outcome: Classification['outcome'] }) {
  const { t } = useTranslation('interventions');
  return <Badge tone={outcome === 'included' ? 'success' : 'warning'}>{t(`outcome.${outcome}`)}</Badge>;
}

/** Why, and for billable work what is billed: rounded time × rate = amount. */
export function ClassificationDetails({ c, explanation }: { c: Classification; explanation: string }) {
  const { t } = useTranslation('interventions');
  const lang = useLang();
  return (
    <div className="stack-sm">
      <p className="time-why">{t('why', { reason: explanation })}</p>
      {c.outcome === 'billable' && (
        <p className="small time-billed">
          {c.hourly_rate_cents != null
            ? t('billed', {
                minutes: formatMinutes(c.billed_minutes, lang),
                rate: formatMoneyCents(c.hourly_rate_cents, lang),
                amount: formatMoneyCents(c.amount_cents, lang),
              })
            : t('billedNoRate', { minutes: formatMinutes(c.billed_minutes, lang), amount: formatMoneyCents(c.amount_cents, lang) })}
        </p>
      )}
    </div>
  );
}

type SubjectSelectProps = { subjects: CoverageRow[]; loading: boolean; error?: string | undefined; current?: string } & SelectHTMLAttributes<HTMLSelectElement>;

/** The coverage table's subjects, grouped by its two columns (included / not included). */
export const SubjectSelect = forwardRef<HTMLSelectElement, SubjectSelectProps>(function SubjectSelect(
  { subjects, loading, error, current, ...rest },
  ref,
) {
  const { t } = useTranslation('interventions');
  const lang = useLang();
  // Retired subjects are not offered, except the one an entry already has.
  const offered = subjects.filter((s) => !s.retired || s.code === current);
  const label = (s: CoverageRow) => (lang === 'nl' ? s.label_nl : s.label_en);
  return (
    <Select ref={ref} label={t('form.subject')} hint={t('form.subjectHint')} error={error} disabled={loading} {...rest}>
      <option value="">{loading ? t('form.subjectLoading') : t('form.subjectChoose')}</option>
      {([true, false] as const).map((included) => (
        <optgroup key={String(included)} label={included ? t('form.groupIncluded') : t('form.groupBillable')}>
          {offered
            .filter((s) => s.included === included)
            .map((s) => (
              <option key={s.code} value={s.code}>
                {label(s)}
              </option>
            ))}
        </optgroup>
      ))}
    </Select>
  );
});
