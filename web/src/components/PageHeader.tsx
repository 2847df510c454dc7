import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The page's h1, with an optional line under it and actions on the right. Sets the document title. */
export function PageHeader({ title, eyebrow, sub, actions, docTitle }: { title: ReactNode; eyebrow?: ReactNode; sub?: ReactNode; actions?: ReactNode; docTitle?: string }) {
  const { t } = useTranslation();
  useEffect(() => {
    const text = docTitle ?? (typeof title === 'string' ? title : undefined);
    if (text) document.title = `${text} · ${t('app.name')}`;
  }, [docTitle, title, t]);
  return (
    <div className="page-header">
      <div>
        {eyebrow && <p className="page-header-eyebrow">{eyebrow}</p>}
        <h1>{title}</h1>
        {sub && <p className="page-header-sub">{sub}</p>}
      </div>
      {actions && <div className="row">{actions}</div>}
    </div>
  );
}
