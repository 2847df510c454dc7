import { useId } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fillOf, PatternDef, Swatch } from './Pattern';
import type { SeriesStyle } from './palette';

export interface Series {
  key: string;
  name: string;
  style: SeriesStyle;
  /** Series with the same stack are stacked; without one, bars stand side by side. */
  stack?: string;
}

export type Row = { label: string } & Record<string, number | string>;

/**
 * A bar chart of `rows` (one group per row) that fills its container's width. The SVG is one
 * image named by `summary`; the figures themselves are in the card's table view.
 */
export function BarChartView({
  rows,
  series,
  summary,
  format,
  height = 260,
  horizontal = false,
  ticks,
  labels = false,
}: {
  rows: Row[];
  series: Series[];
  summary: string;
  format: (n: number) => string;
  height?: number;
  /** Bars along the x axis, one row per category (long names, such as organisations). */
  horizontal?: boolean;
  /** The value axis' ticks (round minutes, say); else the chart picks them. */
  ticks?: number[];
  /** Each bar's value written on it (charts of one series). */
  labels?: boolean;
}) {
  const base = useId().replace(/[^a-zA-Z0-9]/g, '');
  const valueAxis = ticks ? { ticks, domain: [0, ticks[ticks.length - 1] ?? 0] as [number, number], interval: 0 as const } : {};
  const tick = { fill: '#515c6b', fontSize: 12 };
  const pid = (key: string) => `p${base}${key.replace(/[^a-zA-Z0-9]/g, '')}`;
  return (
    <div className="dash-chart">
      <div className="dash-chart-plot" style={{ height }}>
        <ResponsiveContainer width="100%" height="100%" minWidth={0}>
          <BarChart data={rows} layout={horizontal ? 'vertical' : 'horizontal'} role="img" aria-label={summary} accessibilityLayer={false} margin={{ top: labels ? 20 : 8, right: horizontal ? 28 : 8, bottom: 0, left: 0 }}>
            <defs>
              {series.map((s) => (
                <PatternDef key={s.key} id={pid(s.key)} style={s.style} />
              ))}
            </defs>
            <CartesianGrid vertical={horizontal} horizontal={!horizontal} stroke="#dde1e7" />
            {horizontal ? (
              <>
                <XAxis type="number" tick={tick} tickLine={false} axisLine={false} allowDecimals={false} tickFormatter={(v: number) => format(v)} {...valueAxis} />
                <YAxis type="category" dataKey="label" tick={tick} tickLine={false} axisLine={{ stroke: '#b9c0ca' }} width={140} interval={0} />
              </>
            ) : (
              <>
                <XAxis dataKey="label" tick={tick} tickLine={false} axisLine={{ stroke: '#b9c0ca' }} interval="preserveStartEnd" minTickGap={8} />
                <YAxis tick={tick} tickLine={false} axisLine={false} allowDecimals={false} width={ticks ? 84 : 48} tickFormatter={(v: number) => format(v)} {...valueAxis} />
              </>
            )}
            <Tooltip
              cursor={{ fill: 'rgb(31 95 168 / 8%)' }}
              formatter={(value, name) => [typeof value === 'number' ? format(value) : String(value), name]}
              contentStyle={{ borderRadius: 8, borderColor: '#b9c0ca', fontSize: 13 }}
            />
            {series.map((s) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.name}
                fill={fillOf(pid(s.key), s.style)}
                stroke={s.style.color}
                strokeWidth={1}
                isAnimationActive={false}
                maxBarSize={56}
                {...(s.stack ? { stackId: s.stack } : {})}
              >
                {labels && <LabelList dataKey={s.key} position={horizontal ? 'right' : 'top'} fill="#1b2330" fontSize={12} formatter={(v: unknown) => (v === null || v === undefined || v === '' ? '' : format(Number(v)))} />}
              </Bar>
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className="dash-legend">
        {series.map((s) => (
          <li key={s.key}>
            <Swatch id={`${pid(s.key)}l`} style={s.style} />
            {s.name}
          </li>
        ))}
      </ul>
    </div>
  );
}
