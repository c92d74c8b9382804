// What the weekly triage page reads and changes: the rotation, who may join it, and a week's report.

import { queryOptions } from '@tanstack/react-query';
import { api, ok } from '../../api/client.ts';
import type { BodyOf, ResponseOf } from '../../api/types.ts';

export type Rotation = ResponseOf<'/api/v1/projects/{id}/rotation', 'get'>;
export type RotationUser = Rotation['users'][number];
export type RotationChange = BodyOf<'/api/v1/projects/{id}/rotation', 'put'>;
export type TriageReport = ResponseOf<'/api/v1/projects/{id}/triage-report', 'get'>;
export type Outcome = keyof TriageReport['dispatched']['byOutcome'];

const path = (projectId: number) => ({ path: { id: String(projectId) } });

export const rotationQuery = (projectId: number) =>
  queryOptions({
    queryKey: ['projects', projectId, 'rotation'],
    queryFn: () => ok(api.GET('/api/v1/projects/{id}/rotation', { params: path(projectId) })),
    staleTime: 60_000,
  });

export const candidatesQuery = (projectId: number) =>
  queryOptions({
    queryKey: ['projects', projectId, 'rotation', 'candidates'],
    queryFn: async () =>
      (await ok(api.GET('/api/v1/projects/{id}/rotation/candidates', { params: path(projectId) }))).users,
    staleTime: 60_000,
  });

/** `week` undefined: the last complete week, as the API defaults. */
export const reportQuery = (projectId: number, week: string | undefined) =>
  queryOptions({
    queryKey: ['projects', projectId, 'triage-report', week ?? 'last'],
    queryFn: () =>
      ok(
        api.GET('/api/v1/projects/{id}/triage-report', {
          params: { ...path(projectId), query: week === undefined ? {} : { week } },
        }),
      ),
    staleTime: 30_000,
  });

export const saveRotation = (projectId: number, change: RotationChange) =>
  ok(api.PUT('/api/v1/projects/{id}/rotation', { params: path(projectId), body: change }));

export const OUTCOME_LABELS: Record<Outcome, string> = {
  resolved: 'Resolved',
  ignored: 'Ignored',
  snoozed: 'Snoozed',
  assigned: 'Assigned',
  github: 'Filed on GitHub',
  linked: 'Linked to an issue elsewhere',
  merged: 'Merged into another issue',
  reviewed: 'Reviewed, left open',
};
