// The issue stream's URL: the search query (the server's query language, kept as typed), the sort,
// the page cursor and the sparklines' period. A link or a reload shows the same list.

export const INBOX_QUERY = 'is:unresolved is:inbox';
export const UNRESOLVED_QUERY = 'is:unresolved';

export const SORTS = [
  { value: 'lastSeen', label: 'Last seen' },
  { value: 'firstSeen', label: 'First seen' },
  { value: 'events', label: 'Events' },
  { value: 'users', label: 'Users' },
  { value: 'owner', label: 'Owner' },
] as const;
export type Sort = (typeof SORTS)[number]['value'];

export const SPARKLINE_PERIODS = ['24h', '14d'] as const;
export type SparklinePeriod = (typeof SPARKLINE_PERIODS)[number];

export interface StreamSearchParams {
  query: string;
  sort?: Sort;
  cursor?: string;
  /** The rows' sparklines over 14 days; 24 hours when absent. */
  stats?: '14d';
}

const isSort = (v: unknown): v is Sort => SORTS.some((s) => s.value === v);

export function validateStreamSearch(search: Record<string, unknown>): StreamSearchParams {
  const out: StreamSearchParams = { query: typeof search.query === 'string' ? search.query : INBOX_QUERY };
  if (isSort(search.sort) && search.sort !== 'lastSeen') out.sort = search.sort;
  if (typeof search.cursor === 'string' && search.cursor !== '') out.cursor = search.cursor;
  if (search.stats === '14d') out.stats = '14d';
  return out;
}

/** The views a triager switches between, as queries. */
export const VIEWS = [
  { label: 'Inbox', query: INBOX_QUERY },
  { label: 'Unresolved', query: UNRESOLVED_QUERY },
  { label: 'For me', query: 'is:unresolved assigned:me' },
  { label: 'Snoozed', query: 'is:snoozed' },
  { label: 'Resolved', query: 'is:resolved' },
  { label: 'Ignored', query: 'is:ignored' },
  { label: 'All', query: '' },
] as const;
