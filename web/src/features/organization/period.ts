/** Billing periods: whole days (YYYY-MM-DD), both ends included, in Brussels. */
export interface Period {
  from: string;
  to: string;
}

export type Preset = 'thisMonth' | 'lastMonth' | 'thisYear';
export const PRESETS: readonly Preset[] = ['thisMonth', 'lastMonth', 'thisYear'];

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDay(v: string): boolean {
  const m = DAY.exec(v);
  if (!m) return false;
  const [, y, mo, d] = m.map(Number) as [number, number, number, number];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

function iso(y: number, m0: number, d: number): string {
  const dt = new Date(Date.UTC(y, m0, d));
  return dt.toISOString().slice(0, 10);
}

/** The period of a preset, given today's date in Brussels (YYYY-MM-DD). */
export function presetPeriod(preset: Preset, today: string): Period {
  const [y, m] = today.split('-').map(Number) as [number, number];
  switch (preset) {
    case 'thisMonth':
      return { from: iso(y, m - 1, 1), to: iso(y, m, 0) };
    case 'lastMonth':
      return { from: iso(y, m - 2, 1), to: iso(y, m - 1, 0) };
    case 'thisYear':
      return { from: `${y}-01-01`, to: `${y}-12-31` };
  }
}

/** Which preset a period is, if any. */
export function matchPreset(p: Period, today: string): Preset | null {
  for (const preset of PRESETS) {
    const q = presetPeriod(preset, today);
    if (q.from === p.from && q.to === p.to) return preset;
  }
  return null;
}

/** The period from the page's address (?from=&to=), else this month. */
export function periodFromParams(params: URLSearchParams, today: string): Period {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  if (isDay(from) && isDay(to)) return { from, to };
  return presetPeriod('thisMonth', today);
}

export type PeriodProblem = 'fromRequired' | 'toRequired' | 'fromInvalid' | 'toInvalid' | 'order';

/** Client checks before asking the API (which checks the same). */
export function checkPeriod(p: Period): { from?: PeriodProblem; to?: PeriodProblem } {
  const out: { from?: PeriodProblem; to?: PeriodProblem } = {};
  if (!p.from) out.from = 'fromRequired';
  else if (!isDay(p.from)) out.from = 'fromInvalid';
  if (!p.to) out.to = 'toRequired';
  else if (!isDay(p.to)) out.to = 'toInvalid';
  if (!out.from && !out.to && p.to < p.from) out.to = 'order';
  return out;
}

/** A file-name-safe slug: "Bakkerij Peeters" → "bakkerij-peeters". */
export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'organisation';
}

/** "billing-bakkerij-peeters-2026-12-01-to-2026-12-31.csv". */
export function csvFilename(orgName: string, p: Period): string {
  return `billing-${slugify(orgName)}-${p.from}-to-${p.to}.csv`;
}

export type ContractState = 'valid' | 'ended' | 'future';

/** Whether a contract (both ends included; no end = open-ended) is valid on a day. */
export function contractState(c: { starts_on: string; ends_on?: string | null }, today: string): ContractState {
  if (today < c.starts_on) return 'future';
  if (c.ends_on && today > c.ends_on) return 'ended';
  return 'valid';
}

