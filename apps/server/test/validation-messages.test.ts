// A request that does not match its route's schema gets one message a person can act on: the allowed
// values of a field that takes one of a list, the tag values of a union of shapes, and the problems of the
// one shape the tag picked; the code stays invalid_request and details.issues keeps AJV's list.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './auth-fixtures.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';

interface ErrorBody {
  error: { code: string; message: string; details?: { issues?: unknown[] } };
}

describe.each(testDialects)('validation messages on %s', (dialect) => {
  let vigie: RunningVigie;
  const refused = async (method: string, path: string, body?: unknown) => {
    const answer = await call<ErrorBody>(vigie, method, path, { bearer: vigie.token, body });
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.error.code).toBe('invalid_request');
    return answer.body.error;
  };

  beforeAll(async () => {
    vigie = await startVigie(dialect);
  });
  afterAll(async () => {
    await vigie?.stop();
  });

  it('names the allowed statuses of an issue, once', async () => {
    const error = await refused('PATCH', '/api/v1/issues/1', { status: 'fixed' });
    expect(error.message).toBe('body/status must be one of: resolved, unresolved, ignored, snoozed');
    expect(error.details?.issues).toEqual([expect.objectContaining({ instancePath: '/status' })]);
  });

  it('names the allowed values in a query string and in an array', async () => {
    const list = await refused('GET', `/api/v1/projects/${vigie.projectId}/issues?status=fixed`);
    expect(list.message).toBe('querystring/status must be one of: unresolved, resolved, ignored, snoozed');
    const token = await refused('POST', '/api/v1/tokens', { name: 'ci', scopes: ['write'] });
    expect(token.message).toBe('body/scopes/0 must be one of: read, triage, admin');
    const member = await refused('PUT', `/api/v1/projects/${vigie.projectId}/members`, {
      email: 'ana@example.com',
      role: 'boss',
    });
    expect(member.message).toBe('body/role must be one of: owner, admin, member, support, viewer');
  });

  it('names the kinds of a snooze, or what the kind given lacks', async () => {
    const unknown = await refused('PATCH', '/api/v1/issues/1', { snooze: { kind: 'forever' } });
    expect(unknown.message).toBe('body/snooze/kind must be one of: until, events, users, escalating');
    const incomplete = await refused('PATCH', '/api/v1/issues/1', { snooze: { kind: 'users' } });
    expect(incomplete.message).toBe("body/snooze must have required property 'count'");
    const wrongDate = await refused('POST', '/api/v1/issues/1/snooze', {
      snooze: { kind: 'until', until: 'tomorrow' },
    });
    expect(wrongDate.message).toBe('body/snooze/until must match format "date-time"');
  });

  it('names the action types of a bulk action, and the problem inside the one given', async () => {
    const bulk = `/api/v1/projects/${vigie.projectId}/issues/bulk`;
    const unknown = await refused('POST', bulk, { ids: [1], action: { type: 'fix' } });
    expect(unknown.message).toBe(
      'body/action/type must be one of: resolve, unresolve, ignore, snooze, review, assign, unassign, link',
    );
    const nested = await refused('POST', bulk, { ids: [1], action: { type: 'snooze', snooze: 'forever' } });
    expect(nested.message).toBe('body/action/snooze must be object');
  });

  it('says each alternative of a field that takes a pattern or null', async () => {
    const error = await refused('PATCH', '/api/v1/issues/1', { assignee: 'bob' });
    expect(error.message).toBe('body/assignee must match pattern "^(me|user:.+|team:.+)$" or must be null');
  });
});
