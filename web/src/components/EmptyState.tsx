import type { ReactNode } from 'react';

export function EmptyState({ title, children, action, icon = '∅' }: { title: ReactNode; children?: ReactNode; action?: ReactNode; icon?: string }) {
  return (
    <div className="empty">
      <div className="empty-art" aria-hidden="true">
        {icon}
      </div>
      <p className="empty-title">{title}</p>
      {children && <p>{children}</p>}
      {action}
    </div>
  );
}
