// A series of counts as bars drawn by uPlot, with the releases first seen in the range and the deploys
// that finished in it as labelled vertical lines (elements over the canvas, so that they read as text;
// each deploy a DeployMarker, a link to its release with its words on hover and focus), and the hovered
// bucket reported to the caller. Redrawn in the theme's colours when the colour scheme changes.

import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import uPlot from 'uplot';
import { DeployMarker } from '../../ui/DeployMarker.tsx';
import type { DeployMark } from '../../ui/deploy-marks.ts';
import 'uplot/dist/uPlot.min.css';
import './series-chart.css';

export interface ChartPoint {
  start: string;
  count: number;
}
export interface ReleaseMarker {
  version: string;
  firstSeen: string;
}

const HEIGHT = 140;
const NO_DEPLOYS: readonly DeployMark[] = [];
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

interface PlacedRelease {
  key: string;
  label: string;
  title: string;
  left: number;
  /** Near the right edge the label sits left of its line, inside the chart. */
  flip: boolean;
}

interface PlacedDeployMarker {
  deploy: DeployMark;
  left: number;
  flip: boolean;
  /** False for a deploy just after another one whose label already stands there. */
  labelled: boolean;
}

/** Where each release's and deploy's line sits over the plot, in CSS pixels from the chart's left edge. */
function placeMarkers(
  plot: uPlot,
  releases: readonly ReleaseMarker[],
  deploys: readonly DeployMark[],
): { releases: PlacedRelease[]; deploys: PlacedDeployMarker[] } {
  const offset = plot.over.offsetLeft;
  const width = plot.over.clientWidth;
  const place = (at: string) => {
    const x = plot.valToPos(Date.parse(at) / 1000, 'x');
    return Number.isFinite(x) && x >= 0 && x <= width ? { left: offset + x, flip: x > width - 110 } : null;
  };
  const placedReleases = releases.flatMap((r) => {
    const at = place(r.firstSeen);
    return at
      ? [
          {
            key: r.version,
            label: r.version,
            title: `${r.version}, first seen ${new Date(r.firstSeen).toLocaleString()}`,
            ...at,
          },
        ]
      : [];
  });
  const placedDeploys = deploys
    .flatMap((deploy) => {
      const at = place(deploy.finishedAt);
      return at ? [{ deploy, ...at, labelled: true }] : [];
    })
    .sort((a, b) => a.left - b.left);
  // Deploys closer than a label's width share the first one's label (each keeps its tooltip): a rollout
  // records a deploy per environment or batch within minutes.
  let last = Number.NEGATIVE_INFINITY;
  for (const m of placedDeploys) {
    m.labelled = m.left - last >= 90;
    if (m.labelled) last = m.left;
  }
  return { releases: placedReleases, deploys: placedDeploys };
}

const NOTHING_PLACED = { releases: [], deploys: [] };

export function SeriesChart({
  projectId,
  points,
  end,
  releases,
  deploys = NO_DEPLOYS,
  onHover,
}: {
  /** The project whose releases the deploy markers open. */
  projectId: number;
  points: readonly ChartPoint[];
  /** The end of the last bucket: the x axis runs to it, so that a release seen in it has its marker. */
  end: string;
  releases: readonly ReleaseMarker[];
  /** Deploy markers, drawn apart from the releases' (a solid line, the environment as label). */
  deploys?: readonly DeployMark[];
  onHover: (point: ChartPoint | null) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [markers, setMarkers] = useState<ReturnType<typeof placeMarkers>>(NOTHING_PLACED);
  const [plotBox, setPlotBox] = useState({ top: 0, height: 0 });
  const dark = useDarkScheme();
  // The latest hover callback, without drawing the chart again when it changes.
  const hover = useRef(onHover);
  hover.current = onHover;

  // biome-ignore lint/correctness/useExhaustiveDependencies: dark redraws with the theme's colours, read from CSS inside
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const xs = points.map((p) => Date.parse(p.start) / 1000);
    const xMax = Date.parse(end) / 1000;
    const ys = points.map((p) => p.count);
    const accent = cssVar('--accent');
    const grid = cssVar('--border');
    const text = cssVar('--text-muted');
    const place = (u: uPlot) => {
      setMarkers(placeMarkers(u, releases, deploys));
      setPlotBox({ top: u.over.offsetTop, height: u.over.clientHeight });
    };
    const plot = new uPlot(
      {
        width: element.clientWidth,
        height: HEIGHT,
        legend: { show: false },
        cursor: { y: false, points: { show: false }, drag: { x: false, y: false } },
        scales: {
          x: { time: true, range: (_u, min) => [min, Math.max(min + 1, xMax)] },
          y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
        },
        axes: [
          { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { show: false } },
          { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { show: false }, size: 44 },
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
          ready: [place],
          setSize: [place],
          setCursor: [
            (u) => {
              const i = u.cursor.idx;
              hover.current(i === null || i === undefined ? null : (points[i] ?? null));
            },
          ],
        },
      },
      [xs, ys],
      element,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [points, end, releases, deploys, dark]);

  return (
    <div className="chart">
      <div ref={box} className="graph-canvas" aria-hidden="true" />
      {markers.releases.map((m) => (
        <div
          key={m.key}
          className={m.flip ? 'release-marker release-marker-flip' : 'release-marker'}
          aria-hidden="true"
          style={{ left: `${m.left}px`, top: `${plotBox.top}px`, height: `${plotBox.height}px` }}
          title={m.title}
        >
          <span className="release-marker-label mono">{m.label}</span>
        </div>
      ))}
      {markers.deploys.map((m) => (
        <DeployMarker
          key={`${m.deploy.finishedAt} ${m.deploy.release} ${m.deploy.environment}`}
          deploy={m.deploy}
          size="chart"
          projectId={projectId}
          left={`${m.left}px`}
          top={plotBox.top}
          height={plotBox.height}
          labelled={m.labelled}
          flip={m.flip}
        />
      ))}
    </div>
  );
}
