import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useUser } from '../../api/useSession';
import { Alert } from '../../components/Alert';
import { Button, ButtonLink } from '../../components/Button';
import { Card, CardBody } from '../../components/Card';
import { CopyButton } from '../../components/CopyButton';
import { FileInput } from '../../components/FileInput';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { useLang } from '../../i18n/useLang';
import { checkFiles, uploadErrorText, uploadTicketFiles } from '../../components/attachments';
import { useOrgCoverage, type CoverageRow } from './api';
import { ticketKeys } from './keys';
import type { Created } from './NewTicketPage';

/** The reference, big and copyable, and what happens next in plain words. */
export function CreatedPanel({ created, subjects, onAnother }: { created: Created; subjects: CoverageRow[]; onAnother: () => void }) {
  const { t } = useTranslation('tickets');
  const lang = useLang();
  const user = useUser();
  const { ticket, decisions } = created.result;
  const coverage = useOrgCoverage(user?.organization_id);
  const subject = subjects.find((s) => s.code === ticket.category);
  const subjectName = subject ? (lang === 'nl' ? subject.label_nl : subject.label_en) : '';

  let coverageText: string | null = null;
  if (coverage.data) {
    const contract = coverage.data.contract_number ?? '';
    if (!coverage.data.covered) coverageText = t('created.notCovered');
    else if (!subject) coverageText = t('created.coveredUnknown', { contract });
    else if (subject.included) coverageText = t('created.coveredIncluded', { contract });
    else coverageText = t('created.coveredExcluded', { contract, subject: subjectName });
  }

  return (
    <>
      <PageHeader title={t('created.title')} />
      <div className="stack">
        <Card>
          <CardBody>
            <div className="stack created-hero">
              <div>
                <p className="muted small" id="ref-label" style={{ margin: 0 }}>
                  {t('created.referenceLabel')}
                </p>
                <div className="reference-box">
                  <output className="reference-big" aria-labelledby="ref-label">
                    {ticket.reference}
                  </output>
                  <CopyButton text={ticket.reference} />
                </div>
                <p className="muted small">{t('created.referenceHint')}</p>
              </div>
              {created.uploaded > 0 && <Alert tone="success">{t('created.filesAdded', { count: created.uploaded })}</Alert>}
              {created.uploadError && <RetryUpload reference={ticket.reference} initialError={created.uploadError} initialFiles={created.files} />}
              <div>
                <h2>{t('created.next')}</h2>
                <ul className="next-steps">
                  <li>
                    {t('created.kind', { kind: t(`kind.${ticket.kind}`) })} {t(`kindExplain.${ticket.kind}`)}
                  </li>
                  <li>
                    {t('created.hours')} <Link to="/support-hours">{t('created.hoursLink')}</Link>
                  </li>
                  <li>
                    {coverage.isPending ? <Spinner label={t('created.coverageLoading')} /> : (coverageText ?? t('created.coveredUnknown', { contract: '' }))}
                  </li>
                </ul>
              </div>
              {decisions.length > 0 && (
                <div>
                  <h3>{t('created.triage')}</h3>
                  <ul className="triage-list">
                    {decisions.map((d, i) => (
                      <li key={i}>{d}</li>
                    ))}
                  </ul>
                </div>
              )}
              <div className="row">
                <ButtonLink to={`/tickets/${ticket.reference}`}>{t('created.open')}</ButtonLink>
                <Button variant="secondary" onClick={onAnother}>
                  {t('created.another')}
                </Button>
                <ButtonLink to="/tickets" variant="ghost">
                  {t('created.toList')}
                </ButtonLink>
              </div>
            </div>
          </CardBody>
        </Card>
      </div>
    </>
  );
}

function RetryUpload({ reference, initialError, initialFiles }: { reference: string; initialError: string; initialFiles: File[] }) {
  const { t } = useTranslation('tickets');
  const queryClient = useQueryClient();
  const [files, setFiles] = useState<File[]>(initialFiles);
  const [error, setError] = useState<string | undefined>(initialError);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(0);
  if (done) return <Alert tone="success">{t('created.filesAdded', { count: done })}</Alert>;
  return (
    <div className="stack-sm">
      <Alert tone="warning" title={t('new.uploadFailed')}>
        <p>{t('new.uploadFailedBody')}</p>
      </Alert>
      <FileInput label={t('new.files')} files={files} onChange={(f) => { setFiles(f); setError(checkFiles(f, t)); }} error={error} />
      <div>
        <Button
          variant="secondary"
          busy={busy}
          disabled={!files.length}
          onClick={async () => {
            setBusy(true);
            try {
              const up = await uploadTicketFiles(reference, files);
              setDone(up.attachments.length);
              void queryClient.invalidateQueries({ queryKey: ticketKeys.attachments(reference) });
            } catch (e) {
              setError(uploadErrorText(e, t));
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('common:action.retry')}
        </Button>
      </div>
    </div>
  );
}
