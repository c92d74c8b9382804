// What the projects page and the issue stream read besides the issue list: the projects with their
// sparklines and open counts, the search's count and completions, the pickers' environments and
// releases.

import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, ok } from './client.ts';
import { LIVE_REFRESH_MS, projectsQuery } from './queries.ts';

/**
 * The projects with their last 24 hours: one request for the whole projects page. It fills the plain
 * projects list too (roles and capabilities), so the page asks for nothing else.
 */
export const projectsWithStatsQuery = queryOptions({
  queryKey: ['projects', 'with-stats'],
  queryFn: async ({ client }) => {
    const { projects } = await ok(api.GET('/api/v1/projects', { params: { query: { stats: '24h' } } }));
    client.setQueryData(
      projectsQuery.queryKey,
      projects.map(({ stats: _stats, ...project }) => project),
    );
    return projects;
  },
  refetchInterval: 30_000,
});

const path = (projectId: number) => ({ path: { id: String(projectId) } });

/** How many issues the search matches (up to the API's cap), for "select all N issues". */
export const issueCountQuery = (projectId: number, query: string) =>
  queryOptions({
    queryKey: ['projects', projectId, 'issues', 'count', query],
    queryFn: () =>
      ok(api.GET('/api/v1/projects/{id}/issues/count', { params: { ...path(projectId), query: { query } } })),
    refetchInterval: LIVE_REFRESH_MS,
    retry: false,
  });

export const completionsQuery = (projectId: number, query: string, position: number) =>
  queryOptions({
    queryKey: ['projects', projectId, 'completions', query, position],
    queryFn: ({ signal }) =>
      ok(
        api.GET('/api/v1/projects/{id}/search/completions', {
          params: { ...path(projectId), query: { query, position, limit: 10 } },
          signal,
        }),
      ),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
    retry: false,
  });

export const environmentsQuery = (projectId: number) =>
  queryOptions({
    queryKey: ['projects', projectId, 'environments'],
    queryFn: async () =>
      (await ok(api.GET('/api/v1/projects/{id}/environments', { params: path(projectId) }))).environments,
    staleTime: 60_000,
  });

/** The most recently seen releases: the picker's choices, and "the current release" to resolve in. */
export const releasesQuery = (projectId: number) =>
  queryOptions({
    queryKey: ['projects', projectId, 'releases'],
    queryFn: async () =>
      (
        await ok(
          api.GET('/api/v1/projects/{id}/releases', { params: { ...path(projectId), query: { limit: 50 } } }),
        )
      ).releases,
    staleTime: 60_000,
  });
