import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Card, CardBody, CardHeader } from '../../components/Card';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { Skeleton } from '../../components/Spinner';
import { brusselsDate } from '../../i18n/format';
import { useSchedules } from './api';
import { HoursEditor } from './HoursEditor';
import { SlaCard } from './SlaCard';
import { YearView } from './YearView';
import { AdminNav } from './AdminNav';
import './admin.css';

export default function SchedulesPage() {
  const { t } = useTranslation('admin');
  const schedules = useSchedules();
  const [code, setCode] = useState<string | null>(null);
  const items = schedules.data?.items ?? [];
  const current = items.find((s) => s.code === code) ?? items[0];
  const year = Number(brusselsDate().slice(0, 4));
  return (
    <>
      <AdminNav />
      <PageHeader title={t('schedules.title')} sub={t('schedules.sub')} />
      <div className="stack">
        {schedules.isPending ? (
          <Skeleton lines={6} />
        ) : schedules.isError ? (
          <ErrorState error={schedules.error} title={t('schedules.error')} onRetry={() => void schedules.refetch()} />
        ) : current ? (
          <>
            <div className="admin-tabs" role="group" aria-label={t('schedules.pick')}>
              {items.map((s) => (
                <button key={s.code} type="button" className="admin-tab" aria-pressed={s.code === current.code} onClick={() => setCode(s.code)}>
                  {s.name}
                </button>
              ))}
            </div>
            <Card aria-labelledby={`admin-hours-${current.code}`}>
              <CardHeader id={`admin-hours-${current.code}`} title={t('schedules.hoursTitle', { name: current.name })} />
              <CardBody>
                <HoursEditor key={current.code} schedule={current} />
              </CardBody>
            </Card>
            <YearView key={current.code} schedule={current} initialYear={year} />
          </>
        ) : null}
        <SlaCard />
      </div>
    </>
  );
}
