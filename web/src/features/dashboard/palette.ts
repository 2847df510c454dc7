/**
 * Series colours (each at least 3:1 against white, as WCAG asks of graphics) and a fill
 * pattern per series, so neighbouring series differ in texture too, not only in colour.
 */
export type Pattern = 'solid' | 'stripes' | 'dots' | 'cross' | 'bars';

export interface SeriesStyle {
  color: string;
  pattern: Pattern;
}

export const GREEN = '#1d6334';
export const RED = '#a1251c';
export const BLUE = '#1f5fa8';
export const PURPLE = '#6b3fa0';
export const BROWN = '#7a4a00';
export const SLATE = '#515c6b';
export const ORANGE = '#a84f00';

export const PRIORITY_STYLE: Record<'critical' | 'high' | 'medium' | 'low', SeriesStyle> = {
  critical: { color: RED, pattern: 'solid' },
  high: { color: ORANGE, pattern: 'stripes' },
  medium: { color: BLUE, pattern: 'dots' },
  low: { color: SLATE, pattern: 'cross' },
};

export const KIND_STYLE: Record<'support' | 'issue' | 'change_request', SeriesStyle> = {
  support: { color: BLUE, pattern: 'solid' },
  issue: { color: RED, pattern: 'stripes' },
  change_request: { color: PURPLE, pattern: 'dots' },
};

export const CHANNEL_STYLE: Record<'portal' | 'email' | 'phone' | 'api', SeriesStyle> = {
  portal: { color: BLUE, pattern: 'solid' },
  email: { color: PURPLE, pattern: 'stripes' },
  phone: { color: GREEN, pattern: 'dots' },
  api: { color: BROWN, pattern: 'cross' },
};

export const MET: SeriesStyle = { color: GREEN, pattern: 'solid' };
export const MISSED: SeriesStyle = { color: RED, pattern: 'stripes' };
export const INCLUDED: SeriesStyle = { color: GREEN, pattern: 'stripes' };
export const BILLABLE: SeriesStyle = { color: BLUE, pattern: 'solid' };
export const MEDIAN: SeriesStyle = { color: BLUE, pattern: 'solid' };
