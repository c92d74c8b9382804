// Loads an issue for a route and checks the caller may act on its project: 404 when the issue does
// not exist or the caller cannot see its project, 403 when their role or token does not allow it.

import { authorize } from '../auth/access.ts';
import type { Caller } from '../auth/caller.ts';
import type { Capability } from '../auth/roles.ts';
import { VigieError } from '../errors.ts';
import type { Database } from '../storage/database.ts';
import type { Issue } from '../storage/schema.ts';
import { getIssue } from './issue.repository.ts';

export async function authorizedIssue(
  database: Database,
  caller: Caller,
  id: number,
  capability: Capability,
): Promise<Issue> {
  const issue = await getIssue(database.db, id);
  if (!issue) throw new VigieError(404, 'not_found', `Issue ${id} does not exist.`);
  await authorize(database.db, caller, issue.project_id, capability);
  return issue;
}
