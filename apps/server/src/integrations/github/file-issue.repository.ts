// What filing an issue in GitHub reads and writes on the Vigie side (file-issue.ts): the issue's releases for
// the GitHub issue's text, and the link written back with a compare-and-set on the link the issue had.

import type { Kysely, Transaction } from 'kysely';
import { reviewedAt } from '../../issues/merge/merge.repository.ts';
import type { Schema } from '../../storage/schema.ts';
import type { CreatedGithubIssue } from './client.ts';

/** The releases an issue was seen in, in the order it first saw them. */
export async function issueReleases(db: Kysely<Schema>, issueId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('issue_tags')
    .select('value')
    .where('issue_id', '=', issueId)
    .where('key', '=', 'release')
    .orderBy('first_seen')
    .orderBy('value')
    .execute();
  return rows.map((r) => r.value);
}

/**
 * Links the issue to `link` and marks it reviewed, if its link is still `previous`; false, with nothing written,
 * if someone linked it meanwhile.
 */
export async function replaceExternalLink(
  trx: Transaction<Schema>,
  issueId: number,
  previous: string | null,
  link: CreatedGithubIssue,
  nowMs: number,
): Promise<boolean> {
  const linked = await trx
    .updateTable('issues')
    .set({ external_url: link.url, external_number: link.number, ...reviewedAt(nowMs) })
    .where('id', '=', issueId)
    .where('external_url', previous === null ? 'is' : '=', previous)
    .executeTakeFirst();
  return Number(linked.numUpdatedRows) > 0;
}

export function currentExternalLink(trx: Transaction<Schema>, issueId: number) {
  return trx
    .selectFrom('issues')
    .select(['external_url', 'external_number'])
    .where('id', '=', issueId)
    .executeTakeFirst();
}
