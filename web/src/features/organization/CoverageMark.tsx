import { useTranslation } from 'react-i18next';

/** "Included" or "Billable": an icon and the word, never colour alone. */
export function CoverageMark({ included }: { included: boolean }) {
  const { t } = useTranslation('organization');
  return (
    <span className={`org-mark ${included ? 'org-mark-yes' : 'org-mark-no'}`}>
      <span className="org-mark-icon" aria-hidden="true">
        {included ? '✓' : '€'}
      </span>
      {included ? t('mark.included') : t('mark.billable')}
    </span>
  );
}
