import { useId, type ReactNode } from 'react';
import { formatCompact, formatCount, formatDateTime } from '../lib/format.js';
import { cx } from './cx.js';
import { useElementWidth } from './useElementWidth.js';

/**
 * Two small SVG charts, drawn here rather than pulled from a library. The SVG is decoration for
 * sighted users; the same numbers are in a visually hidden table for screen readers.
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

const BAR_HEIGHT = 10;
/** Label line, gap, bar, gap: each bar sits under its label so long labels never crowd the bars. */
const ITEM_HEIGHT = 46;
const LABEL_BASELINE = 14;
const BAR_TOP = 22;

export function BarChart({ title, data, categoryLabel = 'Category', valueLabel = 'Count', tone = 'accent', empty = 'Nothing to show.' }: BarChartProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>(480);
  const id = useId();
  const sorted = [...data].sort((a, b) => b.value - a.value);
  const max = Math.max(1, ...sorted.map((datum) => datum.value));
  const height = sorted.length * ITEM_HEIGHT - (ITEM_HEIGHT - BAR_TOP - BAR_HEIGHT);
  const valueRoom = 64;

  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart-title">
        {title}
      </figcaption>
      <div ref={ref} className="chart-canvas">
        {sorted.length === 0 ? (
          <p className="chart-empty">{empty}</p>
        ) : (
          <svg width={width} height={height} aria-hidden="true" className={cx('bar-chart', `chart-${tone}`)}>
            {sorted.map((datum, index) => {
              const y = index * ITEM_HEIGHT;
              const barWidth = Math.max(3, (datum.value / max) * width);
              return (
                <g key={datum.key} transform={`translate(0 ${y})`}>
                  <text x={0} y={LABEL_BASELINE} className="chart-label">
                    {truncate(datum.label, Math.floor((width - valueRoom) / 7))}
                  </text>
                  <text x={width} y={LABEL_BASELINE} textAnchor="end" className="chart-value">
                    {formatCount(datum.value)}
                  </text>
                  <rect x={0} y={BAR_TOP} width={width} height={BAR_HEIGHT} rx={BAR_HEIGHT / 2} className="bar-track" />
                  <rect x={0} y={BAR_TOP} width={barWidth} height={BAR_HEIGHT} rx={BAR_HEIGHT / 2} className="bar-fill" />
                </g>
              );
            })}
          </svg>
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

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
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

const PAD = { top: 12, right: 16, bottom: 28, left: 56 };

/** Values over time, several series on one axis (e.g. list size and synced size). */
export function LineChart({ title, series, height = 220, empty = 'No data yet.' }: LineChartProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>(560);
  const id = useId();
  const all = series.flatMap((line) => line.points.map((point) => ({ t: new Date(point.at).getTime(), v: point.value })));
  const hasData = all.length > 0;
  const tMin = Math.min(...all.map((point) => point.t));
  const tMax = Math.max(...all.map((point) => point.t));
  const vMax = niceCeiling(Math.max(1, ...all.map((point) => point.v)));
  const innerWidth = Math.max(40, width - PAD.left - PAD.right);
  const innerHeight = height - PAD.top - PAD.bottom;
  const x = (t: number) => PAD.left + (tMax === tMin ? innerWidth / 2 : ((t - tMin) / (tMax - tMin)) * innerWidth);
  const y = (v: number) => PAD.top + innerHeight - (v / vMax) * innerHeight;
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((share) => share * vMax);
  const xTickCount = Math.min(4, Math.max(1, new Set(all.map((point) => point.t)).size));
  const xTicks = xTickCount === 1 ? [tMin] : Array.from({ length: xTickCount }, (_, index) => tMin + ((tMax - tMin) * index) / (xTickCount - 1));
  const sameDay = new Date(tMin).toDateString() === new Date(tMax).toDateString();
  const tickFormat = new Intl.DateTimeFormat(undefined, sameDay ? { timeStyle: 'short' } : { month: 'short', day: 'numeric' });
  // Ticks that would print the same text (a short span) collapse into one label.
  const xLabels: { at: number; label: string }[] = [];
  for (const tick of xTicks) {
    const label = tickFormat.format(new Date(tick));
    if (!xLabels.some((existing) => existing.label === label)) xLabels.push({ at: tick, label });
  }

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
      <div ref={ref} className="chart-canvas">
        {!hasData ? (
          <p className="chart-empty">{empty}</p>
        ) : (
          <svg width={width} height={height} aria-hidden="true" className="line-chart">
            {yTicks.map((tick) => (
              <g key={tick}>
                <line x1={PAD.left} x2={PAD.left + innerWidth} y1={y(tick)} y2={y(tick)} className="grid-line" />
                <text x={PAD.left - 8} y={y(tick)} dy="0.35em" textAnchor="end" className="axis-label">
                  {formatCompact(tick)}
                </text>
              </g>
            ))}
            {xLabels.map(({ at, label }, index) => (
              <text
                key={at}
                x={xLabels.length === 1 ? PAD.left + innerWidth / 2 : x(at)}
                y={height - 8}
                textAnchor={xLabels.length === 1 ? 'middle' : index === 0 ? 'start' : index === xLabels.length - 1 ? 'end' : 'middle'}
                className="axis-label"
              >
                {label}
              </text>
            ))}
            {series.map((line) => {
              const points = [...line.points].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
              const d = points.map((point, index) => `${index === 0 ? 'M' : 'L'}${x(new Date(point.at).getTime()).toFixed(1)} ${y(point.value).toFixed(1)}`).join(' ');
              return (
                <g key={line.key} className={cx('series', `series-${line.tone}`, line.dashed && 'is-dashed')}>
                  <path d={d} className="series-line" />
                  {points.map((point) => (
                    <circle key={point.at} cx={x(new Date(point.at).getTime())} cy={y(point.value)} r={3.5} className="series-point">
                      <title>{`${line.label}: ${formatCount(point.value)} (${formatDateTime(point.at)})`}</title>
                    </circle>
                  ))}
                </g>
              );
            })}
          </svg>
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

/** 1, 2, 2.5 or 5 times a power of ten, at or above the value: round axis maxima. */
export function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}
