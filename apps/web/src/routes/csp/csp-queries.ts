// What the CSP pages read and change: the reports summary, the builder's proposal, a draft's check (findings
// and replay), the published versions, decisions on sources, and exports.

import { queryOptions } from '@tanstack/react-query';
import { api, ok } from '../../api/client.ts';
import type { BodyOf, ResponseOf } from '../../api/types.ts';

export type ReportsSummary = ResponseOf<'/api/v1/projects/{id}/csp/reports', 'get'>;
export type CspGroup = ReportsSummary['groups'][number];
export type Proposal = ResponseOf<'/api/v1/projects/{id}/csp/proposal', 'post'>;
export type ProposedSource = Proposal['sources'][number];
export type CheckResult = ResponseOf<'/api/v1/projects/{id}/csp/check', 'post'>;
export type PolicyVersion = ResponseOf<'/api/v1/projects/{id}/csp/versions', 'get'>['versions'][number];
export type PublishInput = BodyOf<'/api/v1/projects/{id}/csp/versions', 'post'>;
export type DecisionInput = BodyOf<'/api/v1/projects/{id}/csp/decisions', 'put'>;
export type ExportFormat = BodyOf<'/api/v1/projects/{id}/csp/export', 'post'>['format'];
export type BuilderMode = 'allowlist' | 'strict';

const project = (projectId: number) => ({ id: String(projectId) });

export const cspReportsQuery = (projectId: number) =>
  queryOptions({
    queryKey: ['projects', projectId, 'csp', 'reports'],
    queryFn: () => ok(api.GET('/api/v1/projects/{id}/csp/reports', { params: { path: project(projectId) } })),
    staleTime: 30_000,
  });

export const cspProposalQuery = (projectId: number, mode: BuilderMode) =>
  queryOptions({
    queryKey: ['projects', projectId, 'csp', 'proposal', mode],
    queryFn: () =>
      ok(
        api.POST('/api/v1/projects/{id}/csp/proposal', {
          params: { path: project(projectId) },
          body: { mode },
        }),
      ),
    staleTime: 30_000,
  });

export const cspCheckQuery = (projectId: number, policy: string, reportingEndpoints: string | null) =>
  queryOptions({
    queryKey: ['projects', projectId, 'csp', 'check', policy, reportingEndpoints],
    queryFn: () =>
      ok(
        api.POST('/api/v1/projects/{id}/csp/check', {
          params: { path: project(projectId) },
          body: reportingEndpoints === null ? { policy } : { policy, reportingEndpoints },
        }),
      ),
    enabled: policy.trim() !== '',
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  });

export const cspVersionsQuery = (projectId: number) =>
  queryOptions({
    queryKey: ['projects', projectId, 'csp', 'versions'],
    queryFn: () =>
      ok(api.GET('/api/v1/projects/{id}/csp/versions', { params: { path: project(projectId) } })),
    staleTime: 30_000,
  });

export const publishVersion = (projectId: number, body: PublishInput) =>
  ok(api.POST('/api/v1/projects/{id}/csp/versions', { params: { path: project(projectId) }, body }));

export const decideSource = (projectId: number, body: DecisionInput) =>
  ok(api.PUT('/api/v1/projects/{id}/csp/decisions', { params: { path: project(projectId) }, body }));

export const exportPolicy = (projectId: number, policy: string, format: ExportFormat, reportOnly: boolean) =>
  ok(
    api.POST('/api/v1/projects/{id}/csp/export', {
      params: { path: project(projectId) },
      body: { policy, format, reportOnly },
    }),
  );
