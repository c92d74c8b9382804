// Weeks as the triage rotation counts them: Monday-based, in UTC, numbered from the week of 1970-01-01
// (a Thursday, so week 0 started on Monday 1969-12-29), and written as ISO weeks (`2026-W48`) in the API.

import { VigieError } from '../errors.ts';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
// 1970-01-01 was a Thursday: three days after week 0's Monday.
const EPOCH_WEEKDAY_OFFSET = 3 * DAY;

/** The week containing the instant. */
export function weekOf(ms: number): number {
  return Math.floor((ms + EPOCH_WEEKDAY_OFFSET) / WEEK);
}

/** Monday 00:00 UTC of the week. */
export function weekStartMs(week: number): number {
  return week * WEEK - EPOCH_WEEKDAY_OFFSET;
}

/** The ISO week name (`2026-W48`): the ISO year is the year of the week's Thursday. */
export function formatIsoWeek(week: number): string {
  const thursday = new Date(weekStartMs(week) + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const number = week - weekOf(isoWeekOneMonday(year)) + 1;
  return `${year}-W${String(number).padStart(2, '0')}`;
}

/** Reads `2026-W48`; 400 when it is not an ISO week that exists. */
export function parseIsoWeek(text: string): number {
  const match = /^(\d{4})-W(\d{2})$/.exec(text);
  const year = Number(match?.[1]);
  const number = Number(match?.[2]);
  if (match && number >= 1 && number <= isoWeeksIn(year)) {
    return weekOf(isoWeekOneMonday(year)) + number - 1;
  }
  throw new VigieError('invalid_week', { text }, { expected: 'YYYY-Www' });
}

/** Monday of ISO week 1: the week that holds January 4th. */
function isoWeekOneMonday(year: number): number {
  return weekStartMs(weekOf(Date.UTC(year, 0, 4)));
}

function isoWeeksIn(year: number): number {
  return weekOf(isoWeekOneMonday(year + 1)) - weekOf(isoWeekOneMonday(year));
}

/** Who is on duty in `week`: the rotation starts at index 0 on `anchorWeek` and advances one person a week. */
export function onDutyIndex(length: number, anchorWeek: number, week: number): number | null {
  if (length === 0) return null;
  return (((week - anchorWeek) % length) + length) % length;
}
