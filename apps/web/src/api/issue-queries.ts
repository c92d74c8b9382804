// What the issue page reads besides the issue itself: its occurrence series over a range, its tag
// breakdown, one event with its neighbours, and the fingerprints it groups. Keys sit under the
// issue's own (['issues', id, …]), so that a triage action or an unmerge refreshes them all.

import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, ok } from './client.ts';
import type { paths } from './generated/schema.ts';
import { LIVE_REFRESH_MS } from './queries.ts';

/** A period ending now, or a start and an end (and optionally an interval), as GET …/series takes them. */
export type SeriesQuery = NonNullable<paths['/api/v1/issues/{id}/series']['get']['parameters']['query']>;

const path = (issueId: number) => ({ id: String(issueId) });

export const issueSeriesQuery = (issueId: number, range: SeriesQuery) =>
  queryOptions({
    queryKey: ['issues', issueId, 'series', range],
    queryFn: () =>
      ok(api.GET('/api/v1/issues/{id}/series', { params: { path: path(issueId), query: range } })),
    // A period ending now moves on; a chosen range stays what it was.
    refetchInterval: range.start === undefined ? LIVE_REFRESH_MS * 3 : false,
    placeholderData: keepPreviousData,
    retry: false,
  });

export const issueTagsQuery = (issueId: number) =>
  queryOptions({
    queryKey: ['issues', issueId, 'tags'],
    queryFn: () =>
      ok(api.GET('/api/v1/issues/{id}/tags', { params: { path: path(issueId), query: { limit: 5 } } })),
    staleTime: 30_000,
  });

/** `latest`, `oldest` or an event id; the latest follows new events as they arrive. */
export const issueEventQuery = (issueId: number, which: string) =>
  queryOptions({
    queryKey: ['issues', issueId, 'event', which],
    queryFn: () =>
      ok(
        api.GET('/api/v1/issues/{id}/events/{eventId}', {
          params: { path: { ...path(issueId), eventId: which } },
        }),
      ),
    refetchInterval: which === 'latest' ? LIVE_REFRESH_MS : false,
    placeholderData: keepPreviousData,
    retry: false,
  });

export const fingerprintsQuery = (issueId: number) =>
  queryOptions({
    queryKey: ['issues', issueId, 'fingerprints'],
    queryFn: async () =>
      (await ok(api.GET('/api/v1/issues/{id}/fingerprints', { params: { path: path(issueId) } })))
        .fingerprints,
  });
