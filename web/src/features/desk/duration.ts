import type { TFunction } from 'i18next';

/** "45 business minutes", "4 business hours", "1 h 30 business minutes": a length of business time. */
export function durationWords(minutes: number, t: TFunction): string {
  const total = Math.max(0, Math.round(minutes));
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h === 0) return t('desk:duration.minutes', { count: m });
  if (m === 0) return t('desk:duration.hours', { count: h });
  return t('desk:duration.hoursMinutes', { hours: h, count: m });
}
