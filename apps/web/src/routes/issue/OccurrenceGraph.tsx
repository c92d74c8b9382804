// How often the issue happened: events per hour over the last 24 hours or per day over 30 days, as
// bars drawn by uPlot, with the hovered count. A table of the same numbers serves screen readers.

import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { IssueDetail } from '../../api/types.ts';
import { exactTime, formatCount } from '../../ui/format.ts';

type Range = 'last24Hours' | 'last30Days';
const RANGES: Array<{ id: Range; label: string }> = [
  { id: 'last24Hours', label: '24 hours' },
  { id: 'last30Days', label: '30 days' },
];

const events = (n: number) => `${formatCount(n)} ${n === 1 ? 'event' : 'events'}`;

const DARK = '(prefers-color-scheme: dark)';
const subscribeToScheme = (change: () => void) => {
  const query = window.matchMedia(DARK);
  query.addEventListener('change', change);
  return () => query.removeEventListener('change', change);
};

/** Whether the dark theme is on; the canvas is drawn again with the theme's colours when it changes. */
function useDarkScheme(): boolean {
  return useSyncExternalStore(subscribeToScheme, () => window.matchMedia(DARK).matches);
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

export function OccurrenceGraph({ stats }: { stats: IssueDetail['stats'] }) {
  const [range, setRange] = useState<Range>('last24Hours');
  const [hovered, setHovered] = useState<{ start: string; count: number } | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const dark = useDarkScheme();
  const points = stats[range];
  const total = points.reduce((sum, p) => sum + p.count, 0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: dark redraws with the theme's colours, read from CSS inside
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const xs = points.map((p) => Date.parse(p.start) / 1000);
    const ys = points.map((p) => p.count);
    const accent = cssVar('--accent');
    const grid = cssVar('--border');
    const text = cssVar('--text-muted');
    const plot = new uPlot(
      {
        width: element.clientWidth,
        height: 120,
        legend: { show: false },
        cursor: { y: false, points: { show: false } },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [
          { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { show: false } },
          { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { show: false }, size: 40 },
        ],
        series: [
          {},
          {
            label: 'Events',
            stroke: accent,
            fill: accent,
            // Bundled with uPlot's standard build.
            paths: uPlot.paths.bars!({ size: [0.7, 40] }),
            points: { show: false },
          },
        ],
        hooks: {
          setCursor: [
            (u) => {
              const i = u.cursor.idx;
              const point = i === null || i === undefined ? undefined : points[i];
              setHovered(point ?? null);
            },
          ],
        },
      },
      [xs, ys],
      element,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height: 120 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [points, dark]);

  return (
    <section className="panel graph" aria-labelledby="graph-heading">
      <div className="section-head">
        <h2 id="graph-heading">Occurrences</h2>
        <fieldset className="segmented">
          <legend className="visually-hidden">Range</legend>
          {RANGES.map((r) => (
            <button
              key={r.id}
              type="button"
              className="segment"
              aria-pressed={range === r.id}
              onClick={() => setRange(r.id)}
            >
              {r.label}
            </button>
          ))}
        </fieldset>
      </div>
      <p className="muted small graph-readout" aria-live="off">
        {hovered
          ? `${events(hovered.count)} · ${exactTime(hovered.start)}`
          : `${events(total)} in the last ${range === 'last24Hours' ? '24 hours' : '30 days'}`}
      </p>
      <div ref={box} className="graph-canvas" aria-hidden="true" />
      <table className="visually-hidden">
        <caption>Events per {range === 'last24Hours' ? 'hour' : 'day'}</caption>
        <tbody>
          {points.map((p) => (
            <tr key={p.start}>
              <th scope="row">{exactTime(p.start)}</th>
              <td>{p.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
