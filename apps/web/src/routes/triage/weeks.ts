// ISO weeks (`2026-W49`), as the rotation and the triage report name them: weeks start on Monday
// 00:00 UTC. Pure.

const DAY = 86_400_000;

/** The ISO week holding the instant: the year of its Thursday, and the week's number in that year. */
export function isoWeekOf(ms: number): string {
  const date = new Date(ms);
  const monday =
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) -
    ((date.getUTCDay() + 6) % 7) * DAY;
  const thursday = new Date(monday + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const weekOneMonday = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY;
  const number = Math.round((monday - weekOneMonday) / (7 * DAY)) + 1;
  return `${year}-W${String(number).padStart(2, '0')}`;
}

/** The ISO week `weeks` after (or before) the one that starts at `startsAt`. */
export const weekAfter = (startsAt: string, weeks: number): string =>
  isoWeekOf(Date.parse(startsAt) + weeks * 7 * DAY);

const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** "30 Nov – 6 Dec": the week's Monday to Sunday. */
export function weekSpan(startsAt: string): string {
  const start = Date.parse(startsAt);
  return `${dayMonth.format(start)} – ${dayMonth.format(start + 6 * DAY)}`;
}
