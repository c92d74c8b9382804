import { describe, expect, it } from 'vitest';
import type { TriageResult } from '../../api/triage.ts';
import type { Member, TriagedIssue } from '../../api/types.ts';
import { assigneeOf, leavesView, optimisticIssue, refusalText, settleRows } from './stream-triage.ts';

const issue = (id: number, over: Partial<TriagedIssue> = {}): TriagedIssue => ({
  id,
  projectId: 1,
  title: `Error ${id}`,
  culprit: null,
  level: 'error',
  platform: 'node',
  status: 'unresolved',
  substatus: 'new',
  firstSeen: '2026-12-07T09:00:00.000Z',
  lastSeen: '2026-12-07T10:00:00.000Z',
  count: 12,
  userCount: 3,
  firstRelease: null,
  lastRelease: null,
  fingerprint: { hash: 'h', strategy: 's', components: [], summary: 'Grouped by s.', groupingVersion: 2 },
  assignee: null,
  resolution: null,
  snooze: null,
  statusChangedAt: null,
  inbox: { reason: 'new', since: '2026-12-07T09:00:00.000Z' },
  reviewedAt: null,
  externalIssue: null,
  ...over,
});

describe('leavesView', () => {
  it('takes every dispatched issue out of the inbox, but not one put back to unresolved', () => {
    expect(leavesView('is:unresolved is:inbox', { type: 'review' })).toBe(true);
    expect(leavesView('is:unresolved is:inbox', { type: 'assign', assignee: 'me' })).toBe(true);
    expect(leavesView('is:unresolved is:inbox', { type: 'unresolve' })).toBe(false);
  });

  it('takes resolved, ignored and snoozed issues out of an unresolved view only', () => {
    expect(leavesView('is:unresolved level:error', { type: 'ignore' })).toBe(true);
    expect(leavesView('is:unresolved', { type: 'assign', assignee: 'me' })).toBe(false);
    expect(leavesView('', { type: 'resolve' })).toBe(false);
  });
});

describe('optimisticIssue', () => {
  it('shows the status an action leads to, out of the inbox', () => {
    const resolved = optimisticIssue(issue(1), {
      type: 'resolve',
      resolution: { kind: 'inRelease', release: 'shop@2.0' },
    });
    expect(resolved).toMatchObject({
      status: 'resolved',
      substatus: null,
      resolution: { kind: 'inRelease', release: 'shop@2.0' },
      inbox: null,
    });
    const snoozed = optimisticIssue(issue(1), { type: 'snooze', snooze: { kind: 'events', count: 250 } });
    expect(snoozed).toMatchObject({ status: 'snoozed', snooze: { kind: 'events', count: 250 } });
    expect(optimisticIssue(issue(1), { type: 'review' })).toMatchObject({
      status: 'unresolved',
      inbox: null,
    });
  });

  it('shows the assignee when the page knows who it is, and keeps the old one otherwise', () => {
    const ana = { type: 'user' as const, id: 7, name: 'Ana', email: 'ana@x.io', slug: null };
    expect(optimisticIssue(issue(1), { type: 'assign', assignee: 'user:7' }, ana).assignee).toEqual(ana);
    const before = issue(1, { assignee: ana });
    expect(optimisticIssue(before, { type: 'assign', assignee: 'user:99' }).assignee).toEqual(ana);
    expect(optimisticIssue(before, { type: 'unassign' }).assignee).toBeNull();
  });
});

describe('assigneeOf', () => {
  const members = [
    { user: { id: 7, email: 'ana@x.io', name: '' }, team: null },
    { user: null, team: { id: 2, slug: 'backend', name: 'Backend' } },
  ] as unknown as Member[];
  it('finds members and teams among the project members, and nobody else', () => {
    expect(assigneeOf('user:7', undefined, members)).toEqual({
      type: 'user',
      id: 7,
      name: 'ana@x.io',
      email: 'ana@x.io',
      slug: null,
    });
    expect(assigneeOf('team:backend', undefined, members)).toMatchObject({ type: 'team', slug: 'backend' });
    expect(assigneeOf('user:8', undefined, members)).toBeUndefined();
  });
});

describe('refusalText', () => {
  const now = Date.parse('2026-12-07T10:05:00Z');
  it('says what the issue is now and who changed it, from the 409', () => {
    const error = {
      code: 'illegal_transition',
      message: 'cannot resolve an issue that is resolved; reload it and try again',
      details: {
        currentStatus: 'resolved',
        currentSubstatus: null,
        changedAt: '2026-12-07T10:02:00Z',
        changedBy: { type: 'user', email: 'ana@example.com' },
      },
    };
    expect(refusalText('TypeError: x', error, now)).toBe(
      '“TypeError: x” is resolved now: changed by ana@example.com 3 min ago.',
    );
    const byToken = { ...error, details: { ...error.details, changedBy: { type: 'token', email: null } } };
    expect(refusalText('E', byToken, now)).toBe('“E” is resolved now: changed by an API token 3 min ago.');
  });

  it("falls back to the server's message for other refusals", () => {
    expect(refusalText('E', { code: 'issue_merged', message: 'Issue 4 was merged into 2.' }, now)).toBe(
      '“E”: Issue 4 was merged into 2.',
    );
  });
});

describe('settleRows', () => {
  const before = [issue(1), issue(2), issue(3)];
  const results: TriageResult[] = [
    { id: 1, status: 200, issue: issue(1, { status: 'ignored', inbox: null }) },
    { id: 2, status: 409, error: { code: 'illegal_transition', message: 'no' } },
  ];

  it('takes the server version of changed issues and puts refused ones back as they were', () => {
    const shown = [issue(1, { status: 'ignored' }), issue(2, { status: 'ignored' }), issue(3)];
    const rows = settleRows(shown, before, results, false);
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      [1, 'ignored'],
      [2, 'unresolved'],
      [3, 'unresolved'],
    ]);
  });

  it('puts a refused issue that had left the view back in its place', () => {
    expect(settleRows([issue(3)], before, results, true).map((r) => r.id)).toEqual([2, 3]);
  });

  it('keeps what other actions did to the rows meanwhile', () => {
    // Issue 3 left the view through another action while this one was on its way.
    expect(settleRows([issue(2)], before, results, true).map((r) => r.id)).toEqual([2]);
  });
});
