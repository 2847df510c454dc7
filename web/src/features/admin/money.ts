/** "92,50", "92.50", "€ 92" → 9250 cents; null when it is not an amount. */
export function parseEuros(text: string): number | null {
  const t = text.replace(/[€\s]/g, '').replace(',', '.');
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ''] = t.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** 9250 → "92.50" (an input's value; the dot is accepted back). */
export function centsToInput(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** "21" or "5,5" → 2100 / 550 basis points; null when it is not a percentage. */
export function parsePercent(text: string): number | null {
  const t = text.replace(/[%\s]/g, '').replace(',', '.');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return null;
  const bp = Math.round(Number(t) * 100);
  return bp <= 10000 ? bp : null;
}

export function basisPointsToInput(bp: number): string {
  return String(bp / 100);
}

/** The day after `date` (YYYY-MM-DD). */
export function nextDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The same day `years` later, minus one day (a renewal's last day): 2026-01-01 + 1 → 2026-12-31. */
export function yearLater(date: string, years = 1): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y + years, m - 1, d));
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}
