// What the ownership pages read and send (docs/ownership.md): a project's rules, mode, CODEOWNERS and
// handle mapping, an issue's suggested owners, and the rules' problems as the server's 400 names them.

import { queryOptions } from '@tanstack/react-query';
import { ApiError, api, ok } from './client.ts';
import type { BodyOf, ResponseOf } from './types.ts';

export type OwnershipSettings = ResponseOf<'/api/v1/projects/{id}/ownership', 'get'>;
export type OwnershipMode = OwnershipSettings['mode'];
export type UnknownOwner = OwnershipSettings['unknownOwners'][number];
export type PreviewResult = ResponseOf<'/api/v1/projects/{id}/ownership/preview', 'post'>;
export type IssueOwners = ResponseOf<'/api/v1/issues/{id}/owners', 'get'>;
export type OwnershipSuggestion = NonNullable<IssueOwners['suggestion']>;
export type CodeownersImport = BodyOf<'/api/v1/projects/{id}/ownership/codeowners', 'post'>;
export type HandleChoice = BodyOf<'/api/v1/projects/{id}/ownership/handles', 'put'>['handles'][number];

export const ownershipQuery = (projectId: number) =>
  queryOptions({
    queryKey: ['projects', projectId, 'ownership'],
    queryFn: () =>
      ok(api.GET('/api/v1/projects/{id}/ownership', { params: { path: { id: String(projectId) } } })),
    // While the job recomputes the project's issues, look again until it is done.
    refetchInterval: (query) => (query.state.data?.recomputing ? 3_000 : false),
  });

export const issueOwnersQuery = (issueId: number) =>
  queryOptions({
    queryKey: ['issues', issueId, 'owners'],
    queryFn: () => ok(api.GET('/api/v1/issues/{id}/owners', { params: { path: { id: String(issueId) } } })),
    staleTime: 30_000,
  });

/** One line the server could not read: where, and what it expected there. */
export interface RuleProblem {
  source: 'rules' | 'codeowners';
  line: number;
  column: number;
  expected: string;
  message: string;
}

const isProblem = (value: unknown): value is RuleProblem => {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    typeof p.line === 'number' &&
    typeof p.column === 'number' &&
    typeof p.message === 'string' &&
    (p.source === 'rules' || p.source === 'codeowners')
  );
};

/** The problems of a 400 `invalid_ownership_rules`; null for any other error. */
export function ruleProblems(error: unknown): RuleProblem[] | null {
  if (!(error instanceof ApiError) || error.code !== 'invalid_ownership_rules') return null;
  const problems = error.details?.problems;
  return Array.isArray(problems) ? problems.filter(isProblem) : [];
}
