// Numbers and times as the dashboard writes them: compact counts, "3 h ago", and the exact time.

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en');

/** 1234 → "1.2K"; small numbers as they are. */
export const formatCount = (n: number): string => (n < 10_000 ? whole.format(n) : compact.format(n));

const UNITS: Array<[limitSeconds: number, divisor: number, unit: string]> = [
  [60, 1, 's'],
  [3600, 60, 'min'],
  [86_400, 3600, 'h'],
  [30 * 86_400, 86_400, 'd'],
  [365 * 86_400, 30 * 86_400, 'mo'],
  [Number.POSITIVE_INFINITY, 365 * 86_400, 'y'],
];

/** "just now", "5 min ago", "3 d ago", or "in 2 h" for times ahead. */
export function relativeTime(iso: string, nowMs: number): string {
  const seconds = Math.round((nowMs - Date.parse(iso)) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 10) return 'just now';
  for (const [limit, divisor, unit] of UNITS) {
    if (abs < limit) {
      const n = Math.floor(abs / divisor);
      return seconds >= 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
    }
  }
  return iso;
}

// dateStyle and timeStyle cannot be combined with timeZoneName: the fields are spelled out.
const exact = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

/** The exact local time, for tooltips and timelines. */
export const exactTime = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : exact.format(date);
};

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** hh:mm:ss, for breadcrumbs. */
export const clockTime = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : clock.format(date);
};
