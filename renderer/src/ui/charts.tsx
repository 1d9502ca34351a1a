import { useId, type ReactNode } from 'react';
import { Bar, BarChart as RechartsBarChart, CartesianGrid, LabelList, Line, LineChart as RechartsLineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCompact, formatCount, formatDateTime } from '../lib/format.js';
import { cx } from './cx.js';
import { useElementWidth } from './useElementWidth.js';

/**
 * The app's two charts, drawn with Recharts in the design system's colours (CSS variables, so they
 * follow the theme). The drawing is for sighted users; the same numbers are in a visually hidden
 * table for screen readers.
 */

export interface BarDatum {
  key: string;
  label: string;
  value: number;
}

export interface BarChartProps {
  title: ReactNode;
  data: readonly BarDatum[];
  /** Column headers of the accessible table. */
  categoryLabel?: string;
  valueLabel?: string;
  tone?: 'accent' | 'danger' | 'warning';
  empty?: ReactNode;
}

const TONE_COLOR = {
  accent: 'var(--chart-1)',
  danger: 'var(--danger)',
  warning: 'var(--warning)',
  info: 'var(--chart-2)',
  success: 'var(--success)',
  muted: 'var(--text-subtle)',
} as const;

const AXIS_TICK = { fill: 'var(--text-muted)', fontSize: 12 };
const ROW_HEIGHT = 34;

export function BarChart({ title, data, categoryLabel = 'Category', valueLabel = 'Count', tone = 'accent', empty = 'Nothing to show.' }: BarChartProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>(480);
  const id = useId();
  const sorted = [...data].sort((a, b) => b.value - a.value);
  const labelWidth = Math.min(260, Math.max(120, Math.round(width * 0.4)));

  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart-title">
        {title}
      </figcaption>
      <div ref={ref} className="chart-canvas" aria-hidden="true">
        {sorted.length === 0 ? (
          <p className="chart-empty">{empty}</p>
        ) : (
          <RechartsBarChart
            className={cx('bar-chart', `chart-${tone}`)}
            width={width}
            height={sorted.length * ROW_HEIGHT + 8}
            data={sorted}
            layout="vertical"
            margin={{ top: 4, right: 64, bottom: 4, left: 0 }}
            accessibilityLayer={false}
          >
            <XAxis type="number" hide domain={[0, 'dataMax']} />
            <YAxis type="category" dataKey="label" width={labelWidth} tick={AXIS_TICK} tickLine={false} axisLine={false} />
            <Bar dataKey="value" fill={TONE_COLOR[tone]} background={{ fill: 'var(--chart-track)' }} radius={5} barSize={10} isAnimationActive={false}>
              <LabelList dataKey="value" position="right" formatter={(value) => formatCount(Number(value))} className="chart-value" fill="var(--text)" />
            </Bar>
          </RechartsBarChart>
        )}
      </div>
      {sorted.length > 0 && (
        <table className="visually-hidden">
          <thead>
            <tr>
              <th scope="col">{categoryLabel}</th>
              <th scope="col">{valueLabel}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((datum) => (
              <tr key={datum.key}>
                <th scope="row">{datum.label}</th>
                <td>{formatCount(datum.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}

export interface LinePoint {
  /** ISO time. */
  at: string;
  value: number;
}

export interface LineSeries {
  key: string;
  label: string;
  points: readonly LinePoint[];
  tone: 'accent' | 'info' | 'success' | 'muted';
  dashed?: boolean;
}

export interface LineChartProps {
  title: ReactNode;
  series: readonly LineSeries[];
  height?: number;
  empty?: ReactNode;
}

/** Values over time, several series on one axis (e.g. list size and synced size). */
export function LineChart({ title, series, height = 220, empty = 'No data yet.' }: LineChartProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>(560);
  const id = useId();
  const lines = series.map((line) => ({
    ...line,
    data: [...line.points].map((point) => ({ t: new Date(point.at).getTime(), value: point.value })).sort((a, b) => a.t - b.t),
  }));
  const times = lines.flatMap((line) => line.data.map((point) => point.t));
  const hasData = times.length > 0;
  const sameDay = hasData && new Date(Math.min(...times)).toDateString() === new Date(Math.max(...times)).toDateString();
  const tickFormat = new Intl.DateTimeFormat(undefined, sameDay ? { timeStyle: 'short' } : { month: 'short', day: 'numeric' });

  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart-title">
        {title}
      </figcaption>
      <ul className="chart-legend" aria-hidden="true">
        {series.map((line) => (
          <li key={line.key}>
            <span className={cx('legend-swatch', `series-${line.tone}`, line.dashed && 'is-dashed')} />
            {line.label}
          </li>
        ))}
      </ul>
      <div ref={ref} className="chart-canvas" aria-hidden="true">
        {!hasData ? (
          <p className="chart-empty">{empty}</p>
        ) : (
          <RechartsLineChart className="line-chart" width={width} height={height} margin={{ top: 12, right: 24, bottom: 4, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              padding={{ left: 12, right: 16 }}
              tickFormatter={(t: number) => tickFormat.format(new Date(t))}
              tick={AXIS_TICK}
              tickLine={false}
              axisLine={{ stroke: 'var(--border)' }}
              allowDuplicatedCategory={false}
              minTickGap={24}
            />
            <YAxis dataKey="value" domain={[0, 'auto']} allowDecimals={false} tickFormatter={(value: number) => formatCompact(value)} tick={AXIS_TICK} tickLine={false} axisLine={false} width={56} />
            <Tooltip
              labelFormatter={(t) => formatDateTime(new Date(Number(t)).toISOString())}
              formatter={(value, name) => [formatCount(Number(value)), String(name)]}
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8, color: 'var(--text)' }}
            />
            {lines.map((line) => (
              <Line
                key={line.key}
                data={line.data}
                dataKey="value"
                name={line.label}
                type="linear"
                stroke={TONE_COLOR[line.tone]}
                strokeWidth={2}
                strokeDasharray={line.dashed ? '5 3' : undefined}
                dot={{ r: 3.5, fill: TONE_COLOR[line.tone], stroke: 'var(--surface)' }}
                isAnimationActive={false}
              />
            ))}
          </RechartsLineChart>
        )}
      </div>
      {hasData && (
        <table className="visually-hidden">
          <thead>
            <tr>
              <th scope="col">Series</th>
              <th scope="col">When</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {series.flatMap((line) =>
              line.points.map((point) => (
                <tr key={`${line.key}-${point.at}`}>
                  <th scope="row">{line.label}</th>
                  <td>{formatDateTime(point.at)}</td>
                  <td>{formatCount(point.value)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
    </figure>
  );
}
