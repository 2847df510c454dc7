import type { Pattern, SeriesStyle } from './palette';

/** An SVG <pattern> of a series' colour and texture (white marks over the colour). */
export function PatternDef({ id, style }: { id: string; style: SeriesStyle }) {
  const { color, pattern } = style;
  return (
    <pattern id={id} patternUnits="userSpaceOnUse" width="8" height="8">
      <rect width="8" height="8" fill={color} />
      {marks(pattern)}
    </pattern>
  );
}

function marks(p: Pattern) {
  const s = { stroke: '#fff', strokeWidth: 1.6 } as const;
  switch (p) {
    case 'solid':
      return null;
    case 'stripes':
      return <path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" {...s} />;
    case 'dots':
      return <circle cx="4" cy="4" r="1.6" fill="#fff" />;
    case 'cross':
      return <path d="M0,4 h8 M4,0 v8" {...s} strokeWidth={1.2} />;
    case 'bars':
      return <path d="M0,4 h8" {...s} />;
  }
}

/** The fill for a series: its pattern (defined in the same SVG) or plain colour. */
export function fillOf(id: string, style: SeriesStyle): string {
  return style.pattern === 'solid' ? style.color : `url(#${id})`;
}

/** The legend's small square in the series' colour and texture. */
export function Swatch({ id, style }: { id: string; style: SeriesStyle }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false" className="dash-swatch">
      <defs>
        <PatternDef id={id} style={style} />
      </defs>
      <rect x="0.5" y="0.5" width="15" height="15" rx="2" fill={fillOf(id, style)} stroke="#1b2330" strokeOpacity="0.35" />
    </svg>
  );
}
