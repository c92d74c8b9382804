// What the releases pages read: the releases with their health, one release beside the one before it, the
// project's series with its release and deploy markers, and the gate's kept verdicts.

import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, ok } from '../../api/client.ts';
import type { ResponseOf } from '../../api/types.ts';

export type ReleaseHealth = ResponseOf<'/api/v1/projects/{id}/release-health', 'get'>['releases'][number];
export type ReleasePageData = ResponseOf<'/api/v1/projects/{id}/releases/{version}/health', 'get'>;
export type KeptVerdict = ReleasePageData['verdicts'][number];
export type Deploy = ReleasePageData['deploys'][number];
export type HealthPeriod = '24h' | '7d' | '30d';

export const HEALTH_PERIODS: ReadonlyArray<{ id: HealthPeriod; label: string }> = [
  { id: '24h', label: '24 hours' },
  { id: '7d', label: '7 days' },
  { id: '30d', label: '30 days' },
];

const path = (projectId: number) => ({ path: { id: String(projectId) } });

export const releaseHealthQuery = (projectId: number, period: HealthPeriod) =>
  queryOptions({
    queryKey: ['projects', projectId, 'release-health', period],
    queryFn: () =>
      ok(
        api.GET('/api/v1/projects/{id}/release-health', {
          params: { ...path(projectId), query: { period, limit: 50 } },
        }),
      ),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

export const releasePageQuery = (projectId: number, version: string, period: HealthPeriod) =>
  queryOptions({
    queryKey: ['projects', projectId, 'release', version, period],
    queryFn: () =>
      ok(
        api.GET('/api/v1/projects/{id}/releases/{version}/health', {
          params: { path: { id: String(projectId), version }, query: { period } },
        }),
      ),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

export const projectSeriesQuery = (projectId: number, period: '24h' | '7d' | '30d') =>
  queryOptions({
    queryKey: ['projects', projectId, 'series', period],
    queryFn: () =>
      ok(api.GET('/api/v1/projects/{id}/series', { params: { ...path(projectId), query: { period } } })),
    staleTime: 30_000,
  });

export const verdictsQuery = (projectId: number) =>
  queryOptions({
    queryKey: ['projects', projectId, 'gate-verdicts'],
    queryFn: async () =>
      (
        await ok(
          api.GET('/api/v1/projects/{id}/gate/verdicts', {
            params: { ...path(projectId), query: { limit: 20 } },
          }),
        )
      ).verdicts,
    staleTime: 30_000,
  });

export const deploysQuery = (projectId: number) =>
  queryOptions({
    queryKey: ['projects', projectId, 'deploys'],
    queryFn: async () =>
      (
        await ok(
          api.GET('/api/v1/projects/{id}/deploys', { params: { ...path(projectId), query: { limit: 20 } } }),
        )
      ).deploys,
    staleTime: 30_000,
  });

/** 0.9931 → "99.31%"; null → "—". */
export const percent = (x: number | null | undefined, digits = 2) =>
  x === null || x === undefined ? '—' : `${(x * 100).toFixed(digits)}%`;

/** 0.0512 → "0.051". */
export const perSession = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : x.toFixed(3);
