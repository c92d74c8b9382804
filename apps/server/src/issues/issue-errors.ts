// The errors about one issue that several actions answer: it does not exist, or it was merged into another.

import { VigieError } from '../errors.ts';

/** For an issue that does not exist and one in a project the caller may not read alike (see access.ts). */
export const issueNotFound = (id: number | string) => new VigieError('not_found', { thing: 'Issue', id });

/**
 * 409 issue_merged: issue `issueId` was merged into `mergedIntoId`, and `advice` (from its ": " or "; " on) says
 * what to do with that one instead.
 */
export const issueMerged = (issueId: number, mergedIntoId: number, advice: string) =>
  new VigieError('issue_merged', { issueId, mergedIntoId, advice }, { mergedIntoId });
