import { Component, type ErrorInfo, type ReactNode } from 'react';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert } from '../components/Alert';
import { Button, ButtonLink } from '../components/Button';

/** The router's error element: a route that fails to load or render says so in words. */
export function RouteError() {
  const error = useRouteError();
  return (
    <main id="main" className="container page">
      <ErrorPanel error={error} />
    </main>
  );
}

function ErrorPanel({ error, onReset }: { error: unknown; onReset?: () => void }) {
  const { t } = useTranslation();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const chunk = error instanceof Error && /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(error.message);
  return (
    <div>
      <Alert tone="danger" title={notFound ? t('error.notFoundTitle') : t('error.pageTitle')}>
        <p>{notFound ? t('error.notFound') : chunk ? t('error.chunk') : t('error.page')}</p>
        <div className="row">
          {onReset ? (
            <Button variant="secondary" size="sm" onClick={onReset}>
              {t('action.retry')}
            </Button>
          ) : (
            <Button variant="secondary" size="sm" onClick={() => window.location.reload()}>
              {t('action.reload')}
            </Button>
          )}
          <ButtonLink to="/" variant="ghost" size="sm">
            {t('action.home')}
          </ButtonLink>
        </div>
      </Alert>
    </div>
  );
}

/** Catches a page's render error inside the shell (keeps header and navigation usable). */
export class PageErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: unknown }> {
  override state: { error: unknown } = { error: null };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('page error', error, info.componentStack);
  }
  override componentDidUpdate(prev: { resetKey: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }
  override render() {
    if (this.state.error) return <ErrorPanel error={this.state.error} onReset={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
