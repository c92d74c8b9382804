// Many people (and ingest) acting on one issue at the same moment: resolve, ignore, snooze, unresolve and
// review from 24 parallel requests, with events arriving meanwhile. Whatever wins, the issue ends in one
// consistent state and its activity log explains it: replaying from→to gives the final status, without gaps.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../src/auth/caller.ts';
import { VigieError } from '../src/errors.ts';
import type { TriageCommand } from '../src/issues/triage/triage.schemas.ts';
import { applyTriageAction } from '../src/issues/triage/triage-actions.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { addMember, arrive, type Member, newIssue, request } from './triage-fixtures.ts';

interface Position {
  status: string;
  substatus: string | null;
}
interface Activity {
  kind: string;
  from: Position | null;
  to: Position | null;
  actor: { type: string; userId: number | null };
}
interface Answer {
  status: number;
  body: { status?: string; error?: { code: string; details?: { currentStatus?: string } } };
}

const ACTIONS: readonly unknown[] = [
  { status: 'resolved' },
  { status: 'resolved', resolution: { kind: 'inRelease', release: 'shop@1.5.0' } },
  { status: 'ignored' },
  { status: 'snoozed', snooze: { kind: 'events', count: 5 } },
  { status: 'snoozed', snooze: { kind: 'users', count: 3 } },
  { status: 'unresolved' },
  { reviewed: true },
  { status: 'unresolved' },
];

const COMMANDS: readonly TriageCommand[] = [
  { type: 'resolve' },
  { type: 'ignore' },
  { type: 'snooze', snooze: { kind: 'events', count: 5 } },
  { type: 'unresolve' },
  { type: 'review' },
];

describe.each(testDialects)('concurrent triage of one issue on %s', (dialect) => {
  let vigie: RunningVigie;
  let triagers: Member[];
  const db = () => vigie.app.vigie.database.db;

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    triagers = [];
    for (const name of ['ana', 'bruno', 'carla']) {
      triagers.push(await addMember(db(), `${name}@shop.example`, 'member', vigie.projectId));
    }
  });
  afterAll(async () => vigie?.stop());

  async function applyDirectly(who: Member, issueId: number, command: TriageCommand): Promise<Answer> {
    const caller: Caller = {
      kind: 'user',
      userId: who.userId,
      email: who.email,
      isAdmin: false,
      scopes: ['triage'],
      projectIds: null,
      tokenId: null,
      via: 'token',
    };
    try {
      await applyTriageAction(db(), caller, issueId, command);
      return { status: 200, body: {} };
    } catch (error) {
      if (!(error instanceof VigieError)) throw error;
      const { status, code, details } = error;
      return { status, body: { error: { code, ...(details ? { details } : {}) } } };
    }
  }

  async function fullActivity(issueId: number): Promise<Activity[]> {
    const url = `/api/v1/issues/${issueId}/activity?limit=200`;
    const answer = await request<{ activity: Activity[]; next: string | null }>(
      vigie,
      vigie.token,
      'GET',
      url,
    );
    expect(answer.body.next).toBeNull();
    return answer.body.activity;
  }

  it('leaves a consistent status and an activity log that replays to it, round after round', async () => {
    const issueId = await newIssue(db(), dialect, { projectId: vigie.projectId, timesSeen: 1 });
    const answers: Answer[] = [];
    let eventCount = 1;
    for (let round = 0; round < 4; round++) {
      const requests = Array.from({ length: 24 }, (_, i) => {
        const who = triagers[i % triagers.length]!;
        const body = ACTIONS[(i * 5 + round) % ACTIONS.length];
        return request(vigie, who.token, 'PATCH', `/api/v1/issues/${issueId}`, body) as Promise<Answer>;
      });
      // Ingest lands in the middle of it: events that may regress a resolved issue or end a snooze.
      const events = Array.from({ length: 3 }, () => {
        eventCount += 10;
        const arrival = { issueId, projectId: vigie.projectId, created: false, release: 'shop@1.5.0' };
        return arrive(db(), dialect, [{ ...arrival, atMs: Date.now(), eventCount, userCount: eventCount }]);
      });
      // And in-process callers (bulk by search query): on SQLite these interleave between every query, where
      // HTTP requests on the synchronous driver mostly run one after the other.
      const direct = Array.from({ length: 12 }, (_, i) => {
        const who = triagers[i % triagers.length]!;
        return applyDirectly(who, issueId, COMMANDS[(i * 3 + round) % COMMANDS.length]!);
      });
      const [done, , inProcess] = await Promise.all([
        Promise.all(requests),
        Promise.all(events),
        Promise.all(direct),
      ]);
      answers.push(...done, ...inProcess);
    }

    for (const answer of answers) {
      expect([200, 409]).toContain(answer.status);
      if (answer.status === 409) {
        expect(['illegal_transition', 'concurrent_change']).toContain(answer.body.error?.code);
        expect(['unresolved', 'resolved', 'ignored', 'snoozed']).toContain(
          answer.body.error?.details?.currentStatus,
        );
      }
    }
    const succeeded = answers.filter((a) => a.status === 200).length;
    expect(succeeded).toBeGreaterThanOrEqual(4);

    const log = await fullActivity(issueId);
    let current: Position | null = null;
    for (const entry of log.filter((a) => a.to !== null)) {
      // No gaps: each change starts where the one before it ended.
      expect(entry.from).toEqual(current);
      current = entry.to;
    }
    const issue = await db()
      .selectFrom('issues')
      .select(['status', 'substatus'])
      .where('id', '=', issueId)
      .executeTakeFirstOrThrow();
    expect(current).toEqual({ status: issue.status, substatus: issue.substatus });

    // Every accepted action wrote exactly one entry (a status change, or a review that only left the inbox).
    const byPeople = log.filter(
      (a) => a.actor.type === 'user' && (a.kind === 'status' || a.kind === 'review'),
    );
    expect(byPeople).toHaveLength(succeeded);
    const changes = log.filter((a) => a.kind === 'status').length;
    const outbox = await db()
      .selectFrom('outbox')
      .select('topic')
      .where('issue_id', '=', issueId)
      .where('topic', 'in', ['issue.status_changed', 'issue.regressed'])
      .execute();
    expect(outbox).toHaveLength(changes);
  });
});
