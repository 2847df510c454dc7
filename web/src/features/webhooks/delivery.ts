import type { Lang } from '../../i18n';

/** A delivery's state in words: a pending delivery that has been tried already is retrying. */
export type DeliveryState = 'delivered' | 'failed' | 'pending' | 'retrying';

export function deliveryState(d: { status: string; attempts: number }): DeliveryState {
  if (d.status === 'delivered') return 'delivered';
  if (d.status === 'failed') return 'failed';
  return d.attempts > 0 ? 'retrying' : 'pending';
}

/** "412 ms", "1.3 s" / "1,3 s", "12 s": how long an attempt took. */
export function formatDuration(ms: number, lang: Lang): string {
  const locale = lang === 'nl' ? 'nl-BE' : 'en-GB';
  if (ms < 1000) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(ms)} ms`;
  const s = ms / 1000;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: s < 10 ? 1 : 0 }).format(s)} s`;
}

/** A pattern the URL field checks before asking the API (which has the last word). */
export function looksLikeUrl(url: string): boolean {
  return /^https?:\/\/[^\s/]+\S*$/i.test(url.trim());
}

/** The translation key of an event type (`ticket.created` → `ticket_created`: a dot would nest). */
export function eventKey(type: string): string {
  return type.replace(/\./g, '_');
}
