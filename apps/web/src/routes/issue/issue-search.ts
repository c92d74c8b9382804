// The issue page's URL: which event is shown (`?event=`, the latest when absent) and the occurrence
// graph's range (`?period=24h|7d|30d`, or `?start=…&end=…`). A link or a reload shows the same page.

export const PERIODS = [
  { id: '24h', label: '24 hours', per: 'hour' },
  { id: '7d', label: '7 days', per: 'hour' },
  { id: '30d', label: '30 days', per: 'day' },
] as const;
export type Period = (typeof PERIODS)[number]['id'];

export interface IssueSearchParams {
  event?: string | undefined;
  period?: Period | undefined;
  start?: string | undefined;
  end?: string | undefined;
}

/** The graph's range: a period ending now, or a chosen start and end (ISO date-times). */
export type GraphRange = { period: Period } | { start: string; end: string };

const EVENT_ID = /^[0-9a-f]{32}$/;
const isPeriod = (v: unknown): v is Period => PERIODS.some((p) => p.id === v);
const isoOrNull = (v: unknown): string | null => {
  if (typeof v !== 'string') return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};

export function validateIssueSearch(search: Record<string, unknown>): IssueSearchParams {
  const out: IssueSearchParams = {};
  if (typeof search.event === 'string' && EVENT_ID.test(search.event)) out.event = search.event;
  const start = isoOrNull(search.start);
  const end = isoOrNull(search.end);
  if (start !== null && end !== null && start < end) {
    out.start = start;
    out.end = end;
  } else if (isPeriod(search.period) && search.period !== '24h') {
    out.period = search.period;
  }
  return out;
}

export function graphRangeOf(search: IssueSearchParams): GraphRange {
  if (search.start !== undefined && search.end !== undefined) return { start: search.start, end: search.end };
  return { period: search.period ?? '24h' };
}

/** The URL's range params for a range (the default period leaves none). */
export function rangeParams(range: GraphRange): Pick<IssueSearchParams, 'period' | 'start' | 'end'> {
  if ('start' in range) return { period: undefined, start: range.start, end: range.end };
  return { period: range.period === '24h' ? undefined : range.period, start: undefined, end: undefined };
}
