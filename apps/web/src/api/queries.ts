// What the pages read, as TanStack Query options: one key per resource, so that a triage action can
// refresh exactly the lists and issue it touched.

import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, ok, setCsrfToken } from './client.ts';

/** New events and issues show within this long without a reload. */
export const LIVE_REFRESH_MS = 10_000;

export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async () => {
    const me = await ok(api.GET('/api/v1/auth/me'));
    setCsrfToken(me.csrfToken);
    return me;
  },
  staleTime: 60_000,
  retry: false,
});

export const projectsQuery = queryOptions({
  queryKey: ['projects'],
  queryFn: async () => (await ok(api.GET('/api/v1/projects'))).projects,
  staleTime: 60_000,
});

export const projectKeysQuery = (projectId: number) =>
  queryOptions({
    queryKey: ['projects', projectId, 'keys'],
    queryFn: async () =>
      (await ok(api.GET('/api/v1/projects/{id}/keys', { params: { path: { id: String(projectId) } } }))).keys,
    staleTime: 5 * 60_000,
  });

export const membersQuery = (projectId: number) =>
  queryOptions({
    queryKey: ['projects', projectId, 'members'],
    queryFn: async () =>
      (await ok(api.GET('/api/v1/projects/{id}/members', { params: { path: { id: String(projectId) } } })))
        .members,
    staleTime: 5 * 60_000,
  });

export interface StreamSearch {
  query: string;
  sort: 'lastSeen' | 'firstSeen' | 'events' | 'users' | 'owner';
  cursor?: string | undefined;
  /** Each row's sparkline: 24 hourly or 14 daily counts. */
  stats: '24h' | '14d';
}

export const issuesQuery = (projectId: number, search: StreamSearch) =>
  queryOptions({
    queryKey: ['projects', projectId, 'issues', search],
    queryFn: () =>
      ok(
        api.GET('/api/v1/projects/{id}/issues', {
          params: {
            path: { id: String(projectId) },
            query: {
              query: search.query,
              sort: search.sort,
              limit: 50,
              stats: search.stats,
              ...(search.cursor === undefined ? {} : { cursor: search.cursor }),
            },
          },
        }),
      ),
    refetchInterval: LIVE_REFRESH_MS,
    placeholderData: keepPreviousData,
    retry: false,
  });

export const issueQuery = (issueId: number) =>
  queryOptions({
    queryKey: ['issues', issueId],
    queryFn: () => ok(api.GET('/api/v1/issues/{id}', { params: { path: { id: String(issueId) } } })),
    refetchInterval: LIVE_REFRESH_MS,
  });

export const activityQuery = (issueId: number) =>
  queryOptions({
    queryKey: ['issues', issueId, 'activity'],
    queryFn: () =>
      ok(
        api.GET('/api/v1/issues/{id}/activity', {
          params: { path: { id: String(issueId) }, query: { limit: 200 } },
        }),
      ),
    refetchInterval: LIVE_REFRESH_MS,
  });
