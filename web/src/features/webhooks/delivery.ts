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

/**
 * The worker's last error (`jobs/webhooks.rs` writes it in English) in the UI's language: the
 * three sentences it writes have their words; anything else is shown as it is.
 */
export function errorInWords(error: string, t: (key: string, o?: Record<string, string>) => string): string {
  const answered = /^the receiver answered (\d{3})\b ?(.*)$/.exec(error);
  if (answered) return t('log.errorAnswered', { code: answered[1] ?? '', reason: answered[2] ?? '' }).trim();
  const timeout = /^no answer within (\d+) s$/.exec(error);
  if (timeout) return t('log.errorTimeout', { seconds: timeout[1] ?? '' });
  const unreachable = /^could not reach the receiver: (.*)$/s.exec(error);
  if (unreachable) return t('log.errorUnreachable', { detail: unreachable[1] ?? '' });
  return error;
}
