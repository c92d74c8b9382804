// Events over time as a row of bars, small enough for a list row: drawn as SVG (no chart library
// on the pages that only need these), with the deploys of its span as ticks, and its summary (the
// deploys included) in words for screen readers and on hover.

import { DeployMarker } from './DeployMarker.tsx';
import { type DeployMark, deploysSentence, type PlacedDeploy } from './deploy-marks.ts';
import { sparkBars, sparkSummary } from './sparkline.ts';
import './sparkline.css';

const WIDTH = 96;
const HEIGHT = 24;
const NO_DEPLOYS: readonly PlacedDeploy[] = [];

export function Sparkline({
  counts,
  period,
  deploys = NO_DEPLOYS,
}: {
  counts: readonly number[];
  period: '24h' | '14d';
  /** The deploys within the sparkline's span, placed along it (placeDeploys). */
  deploys?: ReadonlyArray<PlacedDeploy<DeployMark>>;
}) {
  const summary = [sparkSummary(counts, period), deploysSentence(deploys)].filter(Boolean).join('. ');
  return (
    <span className="sparkline-box">
      <svg
        className="sparkline"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={summary}
      >
        <title>{summary}</title>
        <line className="sparkline-base" x1="0" x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} />
        {sparkBars(counts, WIDTH, HEIGHT).map((bar) => (
          <rect key={bar.x} x={bar.x} y={bar.y} width={bar.width} height={bar.height} />
        ))}
      </svg>
      {deploys.map(({ deploy, at }) => (
        <DeployMarker
          key={`${deploy.finishedAt} ${deploy.release} ${deploy.environment}`}
          deploy={deploy}
          left={`${(at * 100).toFixed(2)}%`}
          size="tick"
        />
      ))}
    </span>
  );
}
