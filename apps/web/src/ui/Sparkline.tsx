// Events over time as a row of bars, small enough for a list row: drawn as SVG (no chart library
// on the pages that only need these), with its summary in words for screen readers and on hover.

import { sparkBars, sparkSummary } from './sparkline.ts';
import './sparkline.css';

const WIDTH = 96;
const HEIGHT = 24;

export function Sparkline({ counts, period }: { counts: readonly number[]; period: '24h' | '14d' }) {
  const summary = sparkSummary(counts, period);
  return (
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
  );
}
