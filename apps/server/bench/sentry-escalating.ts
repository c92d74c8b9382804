// The baseline of bench:spikes: Sentry's escalating-issues formula, as its public code and docs describe it
// (getsentry/sentry, src/sentry/issues/escalating_issues_alg.py, version A; docs: "Escalating Issues
// Algorithm"). Once a day each issue gets a limit from its last 7 days of hourly counts; an issue escalates
// when its events in the last hour pass the day's limit. Here it "pages" when it starts escalating, and may
// page again once its last hour has fallen back under the limit.

const HOURS_OF_HISTORY = 168;
const FLOOR_LIMIT = 200;
const STD_MULTIPLIER = 5;
const MIN_SPIKE_MULTIPLIER = 5;
const MAX_SPIKE_MULTIPLIER = 8;
const MIN_BURSTY_MULTIPLIER = 2;
const MAX_BURSTY_MULTIPLIER = 5;

/** The day's limit of events an hour, from hourly counts oldest first (weekday of each hour given). */
export function dailyLimit(
  hourly: readonly number[],
  weekdays: readonly number[],
  dayWeekday: number,
): number {
  if (hourly.length === 0) return Number.POSITIVE_INFINITY;
  const max = Math.max(...hourly);
  if (max < 30) return FLOOR_LIMIT;
  // Less than a week: a new issue, ten times its busiest hour.
  if (hourly.length < HOURS_OF_HISTORY) return max * 10;
  const avg = hourly.reduce((a, b) => a + b, 0) / hourly.length;
  const variance = hourly.reduce((a, b) => a + (b - avg) ** 2, 0) / (hourly.length - 1);
  const std = Math.sqrt(variance);
  const cv = std / avg;
  const burstyMultiplier = Math.min(
    Math.max(MIN_BURSTY_MULTIPLIER, 5 * Math.E ** (-0.65 * cv)),
    MAX_BURSTY_MULTIPLIER,
  );
  const limitBursty = max * burstyMultiplier;
  const spikeMultiplier = Math.min(
    Math.max((avg + STD_MULTIPLIER * std) / avg, MIN_SPIKE_MULTIPLIER),
    MAX_SPIKE_MULTIPLIER,
  );
  let weighted = 0;
  let weights = 0;
  for (let i = 0; i < hourly.length; i++) {
    const weight = weekdays[i] === dayWeekday ? 2 : 1;
    weighted += hourly[i]! * weight;
    weights += weight;
  }
  return Math.floor(Math.max(limitBursty, weighted / weights + spikeMultiplier * avg));
}

/** One issue under the formula, fed a minute at a time. */
export class SentryEscalating {
  private readonly hourly: number[] = [];
  private readonly weekdays: number[] = [];
  private currentHour = 0;
  private readonly lastHour: number[] = new Array(60).fill(0);
  private lastHourSum = 0;
  private limit = Number.POSITIVE_INFINITY;
  private escalating = false;
  private seen = false;

  /** Feeds one minute; true when the issue starts escalating in it (a page). */
  minute(minute: number, count: number): boolean {
    if (minute % 60 === 0 && minute > 0) {
      if (this.seen) {
        this.hourly.push(this.currentHour);
        this.weekdays.push(Math.floor((minute - 1) / 1440) % 7);
        if (this.hourly.length > HOURS_OF_HISTORY) {
          this.hourly.shift();
          this.weekdays.shift();
        }
      }
      this.currentHour = 0;
    }
    // The forecast is made once a day, from the week before it.
    if (minute % 1440 === 0 && this.hourly.length > 0) {
      this.limit = dailyLimit(this.hourly, this.weekdays, Math.floor(minute / 1440) % 7);
    }
    if (count > 0 && !this.seen) {
      this.seen = true;
      // An issue first seen today: no forecast yet; Sentry's floor applies until the next one.
      this.limit = FLOOR_LIMIT;
    }
    this.currentHour += count;
    const slot = minute % 60;
    this.lastHourSum += count - this.lastHour[slot]!;
    this.lastHour[slot] = count;
    const above = this.lastHourSum > this.limit;
    const fired = above && !this.escalating;
    this.escalating = above;
    return fired;
  }
}
