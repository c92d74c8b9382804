// A sparkline's bars from its counts: one bar per bucket, the busiest one full height, and any
// bucket with events at least a sliver tall so that one event in a quiet day still shows.

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function sparkBars(counts: readonly number[], width: number, height: number): Bar[] {
  const max = Math.max(0, ...counts);
  if (counts.length === 0) return [];
  const step = width / counts.length;
  const gap = step > 3 ? 1 : 0;
  const bars: Bar[] = [];
  counts.forEach((count, i) => {
    if (count <= 0 || max === 0) return;
    const h = Math.max(1.5, (count / max) * height);
    bars.push({ x: i * step, y: height - h, width: step - gap, height: h });
  });
  return bars;
}

/** What the sparkline says to a screen reader and on hover. */
export function sparkSummary(counts: readonly number[], period: '24h' | '14d'): string {
  const total = counts.reduce((sum, n) => sum + n, 0);
  const span = period === '24h' ? 'the last 24 hours' : 'the last 14 days';
  const unit = period === '24h' ? 'hour' : 'day';
  if (total === 0) return `No events in ${span}`;
  const busiest = Math.max(...counts);
  return `${total.toLocaleString('en')} ${total === 1 ? 'event' : 'events'} in ${span}; busiest ${unit}: ${busiest.toLocaleString('en')}`;
}
