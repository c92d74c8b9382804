// What the settings pages read (GitHub settings, teams, the caller's tokens, the instance's accounts),
// as TanStack Query options; DSN keys and members are in queries.ts, which the other pages share.

import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { ApiError, api, ok } from './client.ts';
import type { ResponseOf } from './types.ts';

export type GithubSettings = ResponseOf<'/api/v1/projects/{id}/github', 'get'>;
export type Team = ResponseOf<'/api/v1/teams', 'get'>['teams'][number];
export type ApiToken = ResponseOf<'/api/v1/tokens', 'get'>['tokens'][number];
export type CreatedToken = ResponseOf<'/api/v1/tokens', 'post', 201>;
export type Account = ResponseOf<'/api/v1/users', 'get'>['users'][number];

/** The project's GitHub settings; null when GitHub is not configured for it (the API's 404). */
export const githubQuery = (projectId: number) =>
  queryOptions({
    queryKey: ['projects', projectId, 'github'],
    queryFn: async (): Promise<GithubSettings | null> => {
      try {
        return await ok(
          api.GET('/api/v1/projects/{id}/github', { params: { path: { id: String(projectId) } } }),
        );
      } catch (error) {
        if (error instanceof ApiError && error.status === 404 && error.code === 'not_found') return null;
        throw error;
      }
    },
  });

export const teamsQuery = queryOptions({
  queryKey: ['teams'],
  queryFn: async () => (await ok(api.GET('/api/v1/teams'))).teams,
});

export const tokensQuery = queryOptions({
  queryKey: ['tokens'],
  queryFn: async () => (await ok(api.GET('/api/v1/tokens'))).tokens,
});

export const accountsQuery = infiniteQueryOptions({
  queryKey: ['users'],
  queryFn: ({ pageParam }) =>
    ok(
      api.GET('/api/v1/users', {
        params: { query: { limit: 100, ...(pageParam ? { cursor: pageParam } : {}) } },
      }),
    ),
  initialPageParam: '',
  getNextPageParam: (page) => page.next ?? undefined,
});
