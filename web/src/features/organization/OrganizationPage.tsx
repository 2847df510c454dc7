import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { ButtonLink } from '../../components/Button';
import { Card, CardBody, CardHeader } from '../../components/Card';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { Skeleton } from '../../components/Spinner';
import { brusselsDate, formatDate, formatMoneyCents } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { AdminOnly } from './AdminOnly';
import { useContracts, useCoverageTable, useOrganization, useOrgCoverage, type Contract, type CoverageRow } from './api';
import { contractState } from './period';
import { CoverageMark } from './CoverageMark';
import './organization.css';

export default function OrganizationPage() {
  const { t } = useTranslation('organization');
  return <AdminOnly title={t('contract.title')}>{(orgId) => <ContractView orgId={orgId} />}</AdminOnly>;
}

function ContractView({ orgId }: { orgId: string }) {
  const { t } = useTranslation('organization');
  const org = useOrganization(orgId);
  const coverage = useOrgCoverage(orgId);
  const contracts = useContracts(orgId);
  const today = brusselsDate();

  const list = contracts.data ?? [];
  const hasAny = list.length > 0;

  return (
    <>
      <PageHeader
        eyebrow={org.data?.name ?? '\u00a0'}
        title={t('contract.title')}
        sub={t('contract.sub')}
        actions={<ButtonLink to="/billing" variant="secondary">{t('contract.toBilling')}</ButtonLink>}
      />
      <div className="stack">
        {coverage.isPending || contracts.isPending ? (
          <Card>
            <CardBody>
              <Skeleton lines={4} />
            </CardBody>
          </Card>
        ) : coverage.isError || contracts.isError ? (
          <ErrorState
            error={coverage.error ?? contracts.error}
            title={t('contract.error')}
            onRetry={() => {
              void coverage.refetch();
              void contracts.refetch();
            }}
          />
        ) : (
          <>
            <CoverageSummary covered={coverage.data.covered} number={coverage.data.contract_number ?? null} until={coverage.data.until ?? null} hasAny={hasAny} orgName={org.data?.name ?? ''} />
            {hasAny && (
              <section aria-labelledby="org-contracts" className="stack-sm">
                <h2 id="org-contracts" className="org-h2">
                  {t('contract.listTitle', { count: list.length })}
                </h2>
                <ul className="org-contracts">
                  {[...list]
                    .sort((a, b) => b.starts_on.localeCompare(a.starts_on))
                    .map((c) => (
                      <ContractCard key={c.id} c={c} today={today} />
                    ))}
                </ul>
              </section>
            )}
          </>
        )}
        <CoverageTableCard hasContract={hasAny && coverage.data?.covered === true} noContract={contracts.isSuccess && !hasAny} />
      </div>
    </>
  );
}

function CoverageSummary({ covered, number, until, hasAny, orgName }: { covered: boolean; number: string | null; until: string | null; hasAny: boolean; orgName: string }) {
  const { t } = useTranslation('organization');
  const lang = useLang();
  if (covered) {
    return (
      <div className="org-summary org-summary-yes" role="status">
        <span className="org-summary-icon" aria-hidden="true">
          ✓
        </span>
        <div>
          <p className="org-summary-title">{t('summary.covered', { number: number ?? '' })}</p>
          <p>{until ? t('summary.until', { date: formatDate(until, lang) }) : t('summary.openEnded')}</p>
          <p className="small">{t('summary.coveredHint')}</p>
        </div>
      </div>
    );
  }
  return (
    <div className="org-summary org-summary-no" role="status">
      <span className="org-summary-icon" aria-hidden="true">
        €
      </span>
      <div>
        <p className="org-summary-title">
          {hasAny ? t('summary.notToday') : orgName ? t('summary.none', { org: orgName }) : t('summary.noneShort')}
        </p>
        <p>{t('summary.allBilled')}</p>
        <p className="small">{t('summary.stillWelcome')}</p>
      </div>
    </div>
  );
}

const STATE_TONE = { valid: 'success', ended: 'neutral', future: 'info' } as const;

function ContractCard({ c, today }: { c: Contract; today: string }) {
  const { t } = useTranslation('organization');
  const lang = useLang();
  const state = contractState(c, today);
  return (
    <li>
      <Card aria-label={t('contract.cardLabel', { number: c.number })}>
        <CardHeader
          level={3}
          title={<span className="mono">{c.number}</span>}
          actions={
            <Badge tone={STATE_TONE[state]}>
              {state === 'future' ? t('state.future', { date: formatDate(c.starts_on, lang) }) : t(`state.${state}`)}
            </Badge>
          }
        />
        <CardBody>
          <DescriptionList
            items={[
              { key: 'from', term: t('contract.from'), value: formatDate(c.starts_on, lang) },
              { key: 'to', term: t('contract.to'), value: c.ends_on ? formatDate(c.ends_on, lang) : t('contract.noEnd') },
              {
                key: 'rate',
                term: t('contract.rate'),
                value: t('contract.rateValue', { amount: formatMoneyCents(c.hourly_rate_cents, lang) }),
              },
              ...(c.notes.trim() ? [{ key: 'notes', term: t('contract.notes'), value: <span className="prewrap">{c.notes}</span> }] : []),
            ]}
          />
        </CardBody>
      </Card>
    </li>
  );
}

function CoverageTableCard({ hasContract, noContract }: { hasContract: boolean; noContract: boolean }) {
  const { t } = useTranslation('organization');
  const lang = useLang();
  const table = useCoverageTable();
  const rows = (table.data?.items ?? []).filter((r) => !r.retired);
  const included = rows.filter((r) => r.included);
  const billable = rows.filter((r) => !r.included);
  const label = (r: CoverageRow) => (lang === 'nl' ? r.label_nl : r.label_en);

  return (
    <Card aria-labelledby="org-coverage">
      <CardHeader id="org-coverage" title={noContract ? t('coverage.titleNoContract') : t('coverage.title')} />
      <CardBody>
        {table.isPending ? (
          <Skeleton lines={6} />
        ) : table.isError ? (
          <ErrorState error={table.error} onRetry={() => void table.refetch()} />
        ) : (
          <div className="stack">
            {noContract ? (
              <Alert tone="warning" live={false}>
                <p>{t('coverage.noContractNote')}</p>
              </Alert>
            ) : (
              <p className="muted">{hasContract ? t('coverage.intro') : t('coverage.introNotValid')}</p>
            )}
            <div className="org-coverage-grid">
              <section aria-labelledby="org-included" className="org-coverage-col">
                <h3 id="org-included" className="org-h3">
                  {noContract ? t('coverage.includedWithContract') : t('coverage.includedTitle')}
                </h3>
                <ul className="org-subjects">
                  {included.map((r) => (
                    <li key={r.code}>
                      <span className="org-subject-label">{label(r)}</span>
                      <CoverageMark included={!noContract} />
                    </li>
                  ))}
                </ul>
              </section>
              <section aria-labelledby="org-billable" className="org-coverage-col">
                <h3 id="org-billable" className="org-h3">
                  {t('coverage.billableTitle')}
                </h3>
                <ul className="org-subjects">
                  {billable.map((r) => (
                    <li key={r.code}>
                      <span className="org-subject-label">{label(r)}</span>
                      <CoverageMark included={false} />
                    </li>
                  ))}
                </ul>
              </section>
            </div>
          </div>
        )}
      </CardBody>
    </Card>
  );
}
