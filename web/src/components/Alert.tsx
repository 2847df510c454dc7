import type { ReactNode } from 'react';

type Tone = 'info' | 'success' | 'warning' | 'danger';
const ICON: Record<Tone, string> = { info: 'i', success: '✓', warning: '!', danger: '!' };

/** role=alert for errors (announced at once), role=status for the rest. */
export function Alert({ tone = 'info', title, children, live = true }: { tone?: Tone; title?: ReactNode; children?: ReactNode; live?: boolean }) {
  const role = !live ? undefined : tone === 'danger' ? 'alert' : 'status';
  return (
    <div className={`alert alert-${tone}`} role={role}>
      <span className="alert-icon" aria-hidden="true">
        {ICON[tone]}
      </span>
      <div className="alert-body">
        {title && <p className="alert-title">{title}</p>}
        {children}
      </div>
    </div>
  );
}
