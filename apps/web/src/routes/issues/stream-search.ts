// The issue stream's URL: the search query (the server's query language, kept as typed), the sort,
// and the page cursor. A link or a reload shows the same list.

export const INBOX_QUERY = 'is:unresolved is:inbox';
export const UNRESOLVED_QUERY = 'is:unresolved';

export const SORTS = [
  { value: 'lastSeen', label: 'Last seen' },
  { value: 'firstSeen', label: 'First seen' },
  { value: 'events', label: 'Events' },
  { value: 'users', label: 'Users' },
] as const;
export type Sort = (typeof SORTS)[number]['value'];

export interface StreamSearchParams {
  query: string;
  sort?: Sort;
  cursor?: string;
}

const isSort = (v: unknown): v is Sort => SORTS.some((s) => s.value === v);

export function validateStreamSearch(search: Record<string, unknown>): StreamSearchParams {
  const out: StreamSearchParams = { query: typeof search.query === 'string' ? search.query : INBOX_QUERY };
  if (isSort(search.sort) && search.sort !== 'lastSeen') out.sort = search.sort;
  if (typeof search.cursor === 'string' && search.cursor !== '') out.cursor = search.cursor;
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
