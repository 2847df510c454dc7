import { Trans, useTranslation } from 'react-i18next';

/**
 * How a receiver checks that a request came from Loket, as `jobs/webhooks.rs` signs it:
 * `X-Loket-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.
 */
export function SignatureHelp({ open = false }: { open?: boolean }) {
  const { t } = useTranslation('webhooks');
  const code = <code className="webhooks-code" />;
  return (
    <details className="webhooks-help" open={open}>
      <summary>{t('verify.title')}</summary>
      <ol>
        <li>
          <Trans t={t} i18nKey="verify.header" components={{ code }} />
        </li>
        <li>
          <Trans t={t} i18nKey="verify.hmac" components={{ code }} />
        </li>
        <li>{t('verify.compare')}</li>
        <li>{t('verify.fresh')}</li>
        <li>
          <Trans t={t} i18nKey="verify.idempotency" components={{ code }} />
        </li>
      </ol>
      <p className="small muted">{t('verify.retries')}</p>
      <p className="small">{t('verify.exampleLabel')}</p>
      <pre className="webhooks-pre">
        {`const [t, v1] = header.match(/^t=(\\d+),v1=([0-9a-f]{64})$/).slice(1);
const expected = createHmac('sha256', secret).update(\`\${t}.\${rawBody}\`).digest('hex');
const ok = timingSafeEqual(Buffer.from(v1), Buffer.from(expected))
  && Math.abs(Date.now() / 1000 - Number(t)) < 300;`}
      </pre>
    </details>
  );
}
