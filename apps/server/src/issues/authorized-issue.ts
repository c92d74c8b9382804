// Checks for a route that the caller may act on an issue's project: 404 when the issue does not exist
// or the caller cannot see its project, 403 when their role or token does not allow it.

import { authorize } from '../auth/access.ts';
import type { Caller } from '../auth/caller.ts';
import type { Capability } from '../auth/roles.ts';
import type { Database } from '../storage/database.ts';
import type { Issue } from '../storage/schema.ts';
import { getIssue, issueProjectId } from './issue.repository.ts';
import { issueNotFound } from './issue-errors.ts';

/** The issue, loaded, for routes that need more of it than its project. */
export async function authorizedIssue(
  database: Database,
  caller: Caller,
  id: number,
  capability: Capability,
): Promise<Issue> {
  const issue = await getIssue(database.db, id);
  if (!issue) throw issueNotFound(id);
  await authorize(database.db, caller, issue.project_id, capability, () => issueNotFound(id));
  return issue;
}

/**
 * The issue's project after checking the caller may use `capability` on it. A caller who may not read the
 * project gets the same 404 as for an issue that does not exist.
 */
export async function authorizeIssue(
  db: Database['db'],
  caller: Caller,
  issueId: number,
  capability: Capability,
): Promise<number> {
  const projectId = await issueProjectId(db, issueId);
  if (projectId === undefined) throw issueNotFound(issueId);
  await authorize(db, caller, projectId, capability, () => issueNotFound(issueId));
  return projectId;
}
