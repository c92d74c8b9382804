// The stream's two actions beyond the bulk endpoint: one triage action on every issue a search
// matches (POST /projects/{id}/issues/bulk-by-query), and filing an issue on GitHub.

import { api, ok } from './client.ts';
import type { TriageAction } from './triage.ts';
import type { ResponseOf } from './types.ts';

export type BulkQueryResult = ResponseOf<'/api/v1/projects/{id}/issues/bulk-by-query', 'post'>;

export function applyTriageByQuery(
  projectId: number,
  query: string,
  action: TriageAction,
): Promise<BulkQueryResult> {
  return ok(
    api.POST('/api/v1/projects/{id}/issues/bulk-by-query', {
      params: { path: { id: String(projectId) } },
      body: { query, action },
    }),
  );
}

export type FiledIssue = ResponseOf<'/api/v1/issues/{id}/github', 'post', 201>;

/**
 * Files the issue on the project's GitHub repository and links it; ApiError `github_not_configured` without one,
 * `issue_already_linked` when it is linked already (unless `force`, which files another).
 */
export function fileOnGithub(issueId: number, force = false): Promise<FiledIssue> {
  return ok(
    api.POST('/api/v1/issues/{id}/github', {
      params: { path: { id: String(issueId) } },
      body: { force },
    }),
  );
}
