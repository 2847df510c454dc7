import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Card, CardBody, CardHeader } from '../../components/Card';
import { ErrorState } from '../../components/ErrorState';
import { describedBy } from '../../components/Field';
import { Skeleton } from '../../components/Spinner';
import { isApiProblem } from '../../api/problem';
import { useSaveSlaPolicies, useSlaPolicies, type Priority, type SlaPolicy } from './api';
import { fieldMessage, formProblem } from './form';

type Row = { priority: Priority; first: string; resolution: string };

const valid = (s: string) => /^\s*\d{1,6}\s*$/.test(s) && Number(s) >= 1 && Number(s) <= 100000;

/** The first-response and resolution targets per priority, as one editable table. */
export function SlaCard() {
  const { t } = useTranslation('admin');
  const policies = useSlaPolicies();
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <Card aria-labelledby="admin-sla">
      <CardHeader id="admin-sla" title={t('sla.title')} />
      <CardBody>
        <p className="small muted">{t('sla.sub')}</p>
        {policies.isPending ? (
          <Skeleton lines={4} />
        ) : policies.isError ? (
          <ErrorState error={policies.error} onRetry={() => void policies.refetch()} />
        ) : (
          <SlaForm key={JSON.stringify(policies.data)} policies={policies.data} notice={notice} setNotice={setNotice} />
        )}
      </CardBody>
    </Card>
  );
}

function SlaForm({ policies, notice, setNotice }: { policies: SlaPolicy[]; notice: string | null; setNotice: (n: string | null) => void }) {
  const { t } = useTranslation('admin');
  const save = useSaveSlaPolicies();
  const [rows, setRows] = useState<Row[]>(() =>
    policies.map((p) => ({ priority: p.priority, first: String(p.first_response_minutes), resolution: String(p.resolution_minutes) })),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const onSave = async () => {
    setNotice(null);
    setFormError(null);
    const local: Record<string, string> = {};
    rows.forEach((r, i) => {
      if (!valid(r.first)) local[`${i}.first`] = t('sla.invalid');
      if (!valid(r.resolution)) local[`${i}.resolution`] = t('sla.invalid');
    });
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      await save.mutateAsync({
        policies: rows.map((r) => ({ priority: r.priority, first_response_minutes: Number(r.first), resolution_minutes: Number(r.resolution) })),
      });
      setNotice(t('sla.saved'));
    } catch (e) {
      if (isApiProblem(e) && e.status === 422) {
        const byKey: Record<string, string> = {};
        const rest: string[] = [];
        for (const fe of e.fieldErrors) {
          const m = /policies\[(\d+)\]\.(\w+)/.exec(fe.field);
          if (m) byKey[`${m[1]}.${m[2] === 'first_response_minutes' ? 'first' : 'resolution'}`] = fieldMessage(t, fe);
          else rest.push(fieldMessage(t, fe));
        }
        setErrors(byKey);
        setFormError(rest.length ? rest.join(' ') : null);
      } else setFormError(formProblem(t, e, []).form);
    }
  };

  const input = (i: number, r: Row, part: 'first' | 'resolution') => {
    const id = `sla-${r.priority}-${part}`;
    const err = errors[`${i}.${part}`];
    const value = r[part];
    const hours = valid(value) ? Math.round((Number(value) / 60) * 10) / 10 : null;
    return (
      <div className="field">
        <input
          id={id}
          className="input admin-num"
          inputMode="numeric"
          value={value}
          aria-label={t(part === 'first' ? 'sla.firstResponseOf' : 'sla.resolutionOf', { priority: t(`sla.p.${r.priority}`) })}
          aria-invalid={err ? true : undefined}
          aria-describedby={describedBy(id, hours !== null, err)}
          onChange={(e) => {
            setNotice(null);
            setRows(rows.map((x, k) => (k === i ? { ...x, [part]: e.target.value } : x)));
          }}
        />
        {hours !== null && (
          <p className="field-hint" id={`${id}-hint`}>
            {t('sla.asHours', { hours })}
          </p>
        )}
        {err && (
          <p className="field-error" id={`${id}-error`}>
            {err}
          </p>
        )}
      </div>
    );
  };

  return (
          <div className="stack">
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">{t('sla.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('sla.priority')}</th>
                    <th scope="col">{t('sla.firstResponse')}</th>
                    <th scope="col">{t('sla.resolution')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r, i) => (
                    <tr key={r.priority}>
                      <td className="table-cell-main">
                        <strong>{t(`sla.p.${r.priority}`)}</strong>
                      </td>
                      <td data-label={t('sla.firstResponse')}>{input(i, r, 'first')}</td>
                      <td data-label={t('sla.resolution')}>{input(i, r, 'resolution')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {notice && <Alert tone="success">{notice}</Alert>}
            {formError && <Alert tone="danger" title={t('common.formError')}><p>{formError}</p></Alert>}
            <div>
              <Button onClick={() => void onSave()} busy={save.isPending}>
                {t('sla.save')}
              </Button>
            </div>
          </div>
  );
}
