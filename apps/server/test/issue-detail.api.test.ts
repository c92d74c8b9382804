// GET /api/v1/issues/{id} as the issue page reads it: the triage state (assignee, snooze, resolution in a
// release, inbox reason, external issue), who changed the status last (a person, or Vigie for a
// regression), and the issue it was merged into. On both databases.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { addMember, arrive, type Member, newIssue, request } from './triage-fixtures.ts';

interface Actor {
  type: string;
  userId: number | null;
  email: string | null;
}
interface Position {
  status: string;
  substatus: string | null;
}
interface IssueDetail {
  id: number;
  status: string;
  substatus: string | null;
  assignee: { type: string; id: number; name: string; email: string | null; slug: string | null } | null;
  resolution: { kind: string; release?: string; afterRelease?: string | null } | null;
  snooze: { kind: string; count?: number; until?: string; baseline: { eventCount: number } } | null;
  statusChangedAt: string | null;
  inbox: { reason: string; since: string } | null;
  reviewedAt: string | null;
  externalIssue: { url: string; number: number | null } | null;
  mergedIntoId: number | null;
  lastStatusChange: {
    at: string;
    actor: Actor;
    from: Position | null;
    to: Position | null;
    reason: string | null;
  } | null;
}

describe.each(testDialects)('an issue as its page reads it, on %s', (dialect) => {
  let vigie: RunningVigie;
  let ana: Member;
  const db = () => vigie.app.vigie.database.db;
  const as = <T = IssueDetail>(method: string, path: string, body?: unknown) =>
    request<T>(vigie, ana.token, method, path, body);
  const detail = async (id: number) => (await as('GET', `/api/v1/issues/${id}`)).body;
  const issue = () => newIssue(db(), dialect, { projectId: vigie.projectId });

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    ana = await addMember(db(), 'ana@shop.example', 'member', vigie.projectId);
  });
  afterAll(async () => vigie?.stop());

  it('shows a new issue waiting in the inbox, unassigned, its status never changed by anyone', async () => {
    const id = await issue();
    expect(await detail(id)).toMatchObject({
      status: 'unresolved',
      substatus: 'new',
      assignee: null,
      resolution: null,
      snooze: null,
      inbox: { reason: 'new' },
      reviewedAt: null,
      externalIssue: null,
      mergedIntoId: null,
      lastStatusChange: null,
    });
  });

  it('shows who it is assigned to, its snooze condition, its GitHub link and who snoozed it', async () => {
    const id = await issue();
    await as('PATCH', `/api/v1/issues/${id}`, { assignee: 'me' });
    await as('POST', `/api/v1/issues/${id}/link`, { url: 'https://github.com/acme/shop/issues/77' });
    await as('POST', `/api/v1/issues/${id}/snooze`, { snooze: { kind: 'events', count: 100 } });
    const shown = await detail(id);
    expect(shown).toMatchObject({
      status: 'snoozed',
      assignee: { type: 'user', id: ana.userId, email: ana.email },
      snooze: { kind: 'events', count: 100, baseline: { eventCount: 1 } },
      externalIssue: { url: 'https://github.com/acme/shop/issues/77', number: 77 },
      inbox: null,
      lastStatusChange: {
        actor: { type: 'user', userId: ana.userId, email: ana.email },
        from: { status: 'unresolved', substatus: 'new' },
        to: { status: 'snoozed', substatus: null },
        reason: 'snooze',
      },
    });
    expect(shown.reviewedAt).not.toBeNull();
    expect(shown.lastStatusChange?.at).toBe(shown.statusChangedAt);
  });

  it('shows the release it is resolved in, then Vigie as who reopened it when the bug came back', async () => {
    const id = await issue();
    await as('POST', `/api/v1/issues/${id}/resolve`, {
      resolution: { kind: 'inRelease', release: 'shop@2.0' },
    });
    expect(await detail(id)).toMatchObject({
      status: 'resolved',
      resolution: { kind: 'inRelease', release: 'shop@2.0' },
      lastStatusChange: { actor: { type: 'user', email: ana.email }, to: { status: 'resolved' } },
    });

    await arrive(db(), dialect, [
      {
        issueId: id,
        projectId: vigie.projectId,
        created: false,
        release: 'shop@2.0',
        atMs: Date.now(),
        eventCount: 1,
        userCount: 1,
      },
    ]);
    expect(await detail(id)).toMatchObject({
      status: 'unresolved',
      substatus: 'regressed',
      resolution: null,
      inbox: { reason: 'regressed' },
      lastStatusChange: {
        actor: { type: 'system', userId: null, email: null },
        from: { status: 'resolved' },
        to: { status: 'unresolved', substatus: 'regressed' },
        reason: 'regressed',
      },
    });
  });

  it('says which issue a merged issue went into', async () => {
    const target = await issue();
    const merged = await issue();
    expect((await as('POST', `/api/v1/issues/${target}/merge`, { issueIds: [merged] })).status).toBe(200);
    expect((await detail(merged)).mergedIntoId).toBe(target);
    expect((await detail(target)).mergedIntoId).toBeNull();
  });
});
