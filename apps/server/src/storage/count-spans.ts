// The bucket lengths occurrence counts are kept at. issue_counts holds an issue's events per minute;
// issue_rollups the same per hour and per day; project_counts a project's per minute, hour and day.
// A series reads the coarsest table whose span divides its interval: a 30-day daily series reads 30
// rows, not 43,200.

export const MINUTE_SPAN = 1;
export const HOUR_SPAN = 60;
export const DAY_SPAN = 1440;

/** The spans of issue_rollups; the per-minute counts are issue_counts. */
export const ISSUE_ROLLUP_SPANS = [HOUR_SPAN, DAY_SPAN] as const;
/** The spans of project_counts. */
export const PROJECT_SPANS = [MINUTE_SPAN, HOUR_SPAN, DAY_SPAN] as const;

export type Span = (typeof PROJECT_SPANS)[number];

/** The coarsest kept span that divides `intervalMinutes`. */
export function spanFor(intervalMinutes: number): Span {
  if (intervalMinutes % DAY_SPAN === 0) return DAY_SPAN;
  if (intervalMinutes % HOUR_SPAN === 0) return HOUR_SPAN;
  return MINUTE_SPAN;
}

/** The epoch minute that the `span` bucket holding `timestampMs` starts at. */
export function bucketMinute(timestampMs: number, span: number): number {
  const minute = Math.floor(timestampMs / 60_000);
  return minute - (((minute % span) + span) % span);
}
