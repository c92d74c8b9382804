// What the alerts page reads and changes: the alert history (paged), the dead-letter list, the rules and
// channels, and the actions on them (retry a dead delivery, send a test alert).

import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, ok } from '../../api/client.ts';
import type { ResponseOf } from '../../api/types.ts';

export type AlertPage = ResponseOf<'/api/v1/projects/{id}/alerts', 'get'>;
export type Alert = AlertPage['alerts'][number];
export type Delivery = Alert['deliveries'][number];
export type Rule = ResponseOf<'/api/v1/projects/{id}/alert-rules', 'get'>['rules'][number];
export type Channel = ResponseOf<'/api/v1/projects/{id}/alert-channels', 'get'>['channels'][number];

const path = (projectId: number) => ({ path: { id: String(projectId) } });

export const alertsQuery = (projectId: number) =>
  infiniteQueryOptions({
    queryKey: ['projects', projectId, 'alerts'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      ok(
        api.GET('/api/v1/projects/{id}/alerts', {
          params: { ...path(projectId), query: { limit: 25, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.next ?? undefined,
    staleTime: 15_000,
  });

export const deadLettersQuery = (projectId: number) =>
  queryOptions({
    queryKey: ['projects', projectId, 'alert-deliveries'],
    queryFn: async () =>
      (await ok(api.GET('/api/v1/projects/{id}/alert-deliveries', { params: path(projectId) }))).deliveries,
    staleTime: 15_000,
  });

export const rulesQuery = (projectId: number) =>
  queryOptions({
    queryKey: ['projects', projectId, 'alert-rules'],
    queryFn: async () =>
      (await ok(api.GET('/api/v1/projects/{id}/alert-rules', { params: path(projectId) }))).rules,
    staleTime: 60_000,
  });

export const channelsQuery = (projectId: number) =>
  queryOptions({
    queryKey: ['projects', projectId, 'alert-channels'],
    queryFn: async () =>
      (await ok(api.GET('/api/v1/projects/{id}/alert-channels', { params: path(projectId) }))).channels,
    staleTime: 60_000,
  });

export const retryDelivery = (projectId: number, deliveryId: number) =>
  ok(
    api.POST('/api/v1/projects/{id}/alert-deliveries/{deliveryId}/retry', {
      params: { path: { id: String(projectId), deliveryId: String(deliveryId) } },
    }),
  );

export const testRule = (projectId: number, ruleId: number) =>
  ok(
    api.POST('/api/v1/projects/{id}/alert-rules/{ruleId}/test', {
      params: { path: { id: String(projectId), ruleId: String(ruleId) } },
    }),
  );

export const KIND_LABELS: Record<Alert['kind'], string> = {
  trigger: 'Fired',
  resolve: 'Resolved',
  test: 'Test',
  digest: 'Digest',
  escalation: 'Support asks',
  weekly: 'Weekly digest',
};

export const CONDITION_LABELS: Record<string, string> = {
  new_issue: 'a new issue',
  regression: 'a regression',
  escalation: 'an issue escalating',
  project_spike: 'a project-wide spike',
  event_count: 'an event count over its threshold',
  csp_new_group: 'a new CSP violation group',
};
