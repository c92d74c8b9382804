// Files a Vigie issue in GitHub: gathers what the GitHub issue says, creates it, then links it on the
// Vigie issue (external_url/external_number), writes the activity row and marks the issue reviewed.
// GitHub is called outside any transaction; the link is written with a compare-and-set on the link
// the issue had, so two triagers filing the same issue at once cannot both link theirs silently.

import type { Kysely } from 'kysely';
import { VigieError } from '../../errors.ts';
import { type Actor, recordActivity } from '../../issues/activity.repository.ts';
import { latestEvent } from '../../issues/issue.repository.ts';
import { issueMerged } from '../../issues/issue-errors.ts';
import { decodePayload } from '../../storage/payload.ts';
import type { Issue, Schema } from '../../storage/schema.ts';
import { type CreatedGithubIssue, createGithubIssue, type GithubTarget } from './client.ts';
import { currentExternalLink, issueReleases, replaceExternalLink } from './file-issue.repository.ts';
import { type IssueFacts, issueLink, renderGithubIssue } from './issue-body.ts';

type Db = Kysely<Schema>;

const RELEASES_SHOWN = 5;

export interface FileIssueInput {
  issue: Issue;
  target: GithubTarget;
  publicUrl: string;
  actor: Actor;
  /** File again even though the issue is already linked; the new GitHub issue replaces the link. */
  force: boolean;
  timeoutMs?: number;
  nowMs?: number;
}

export async function fileGithubIssue(db: Db, input: FileIssueInput): Promise<CreatedGithubIssue> {
  const { issue } = input;
  const into = issue.merged_into_id;
  if (into !== null) throw issueMerged(issue.id, into, `: file issue ${into} instead.`);
  if (issue.external_url !== null && !input.force)
    throw alreadyLinked(issue.external_url, issue.external_number);
  const rendered = renderGithubIssue(await issueFacts(db, issue, input.publicUrl));
  const timeout = input.timeoutMs === undefined ? {} : { timeoutMs: input.timeoutMs };
  const created = await createGithubIssue(input.target, rendered, timeout);
  await linkIssue(db, input, created);
  return created;
}

async function issueFacts(db: Db, issue: Issue, publicUrl: string): Promise<IssueFacts> {
  const latest = await latestEvent(db, issue.id);
  const releases = await issueReleases(db, issue.id);
  return {
    issueId: issue.id,
    title: issue.title,
    culprit: issue.culprit,
    level: issue.level,
    events: Number(issue.times_seen),
    users: Number(issue.users_seen),
    firstSeenMs: issue.first_seen,
    lastSeenMs: issue.last_seen,
    releases: releases.slice(0, RELEASES_SHOWN),
    releaseCount: releases.length,
    event: latest ? decodePayload(latest.payload) : null,
    link: issueLink(publicUrl, issue.id),
  };
}

async function linkIssue(db: Db, input: FileIssueInput, created: CreatedGithubIssue): Promise<void> {
  const { issue } = input;
  const nowMs = input.nowMs ?? Date.now();
  await db.transaction().execute(async (trx) => {
    const previous = issue.external_url;
    if (!(await replaceExternalLink(trx, issue.id, previous, created, nowMs))) {
      const now = await currentExternalLink(trx, issue.id);
      throw new VigieError(
        'issue_already_linked',
        {
          message: `Issue ${issue.id} was linked to ${now?.external_url ?? 'another issue'} meanwhile; the GitHub issue ${created.url} was created but not linked: close it, or file again with {"force": true}.`,
        },
        { externalUrl: now?.external_url ?? null, createdUrl: created.url },
      );
    }
    await recordActivity(trx, {
      issueId: issue.id,
      projectId: issue.project_id,
      actor: input.actor,
      kind: 'github',
      data: {
        url: created.url,
        number: created.number,
        repository: input.target.repository,
        ...(previous === null ? {} : { replaced: previous }),
      },
      atMs: nowMs,
    });
  });
}

function alreadyLinked(url: string, number: number | null): VigieError {
  return new VigieError(
    'issue_already_linked',
    { message: `Issue is already linked to ${url}; send {"force": true} to file a new GitHub issue anyway.` },
    { externalUrl: url, externalNumber: number },
  );
}
