// The escalation rule behind substatus `escalating` and "snooze until it escalates", over hourly event counts.
//
// The rule: an hour escalates when its event count is MORE than 10× the highest hourly count in the
// 7 days before (that highest count taken as at least 1, so a quiet issue escalates past 10 events in an hour).
// - Snoozed "until escalating": the baseline is fixed when snoozing, over the 168 hours up to and including the
//   hour of the snooze; any hour from the snooze hour on that goes over 10× the baseline brings the issue back.
// - Unresolved `ongoing`: the current hour and the hour before it (so a check that runs just after the hour
//   turns still sees a spike), each against the 168 hours before it.
// A multiple of the issue's own worst hour, rather than a global number, keeps a noisy issue from escalating
// on its usual noise and still catches a quiet one that wakes up.

export const HOUR_MS = 3_600_000;
export const ESCALATION_FACTOR = 10;
export const ESCALATION_BASELINE_MS = 7 * 24 * HOUR_MS;

/** Events in the hour starting at `startMs` (a multiple of HOUR_MS), as `occurrenceSeries(db, id, 60, n)` gives. */
export interface HourlyCount {
  readonly startMs: number;
  readonly count: number;
}

export function hourStartOf(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/**
 * The highest hourly count in the 168 hours that end with the hour containing `atMs`: the baseline stored
 * when an issue is snoozed until it escalates.
 */
export function highestHourlyCount(hourly: readonly HourlyCount[], atMs: number): number {
  const lastHour = hourStartOf(atMs);
  const firstHour = lastHour - ESCALATION_BASELINE_MS + HOUR_MS;
  let highest = 0;
  for (const { startMs, count } of hourly) {
    if (startMs >= firstHour && startMs <= lastHour && count > highest) highest = count;
  }
  return highest;
}

/** An hour escalates when its count is more than this. */
export function escalationThreshold(highestHourly: number): number {
  return ESCALATION_FACTOR * Math.max(1, highestHourly);
}

/** For an issue snoozed until it escalates: the first hour since the snooze that escalates, or null. */
export function firstEscalatingHour(
  hourly: readonly HourlyCount[],
  baselineHighestHourly: number,
  sinceMs: number,
  nowMs: number,
): HourlyCount | null {
  const threshold = escalationThreshold(baselineHighestHourly);
  const fromHour = hourStartOf(sinceMs);
  let first: HourlyCount | null = null;
  for (const hour of hourly) {
    if (hour.startMs < fromHour || hour.startMs > nowMs || hour.count <= threshold) continue;
    if (first === null || hour.startMs < first.startMs) first = hour;
  }
  return first;
}

/** For an unresolved issue: the current or previous hour if it escalates against the week before it. */
export function escalatingRecentHour(hourly: readonly HourlyCount[], nowMs: number): HourlyCount | null {
  const currentHour = hourStartOf(nowMs);
  for (const startMs of [currentHour - HOUR_MS, currentHour]) {
    const count = hourly.find((hour) => hour.startMs === startMs)?.count ?? 0;
    const baseline = highestHourlyCount(hourly, startMs - HOUR_MS);
    if (count > escalationThreshold(baseline)) return { startMs, count };
  }
  return null;
}
