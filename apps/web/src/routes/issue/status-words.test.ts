import { describe, expect, it } from 'vitest';
import { statusWords } from './status-words.ts';

const base = {
  status: 'unresolved',
  substatus: 'new',
  resolution: null,
  snooze: null,
  count: 1240,
  userCount: 12,
  lastStatusChange: null,
} as const;
const change = (type: 'user' | 'token' | 'system', email: string | null) => ({
  at: '2026-12-07T09:00:00.000Z',
  actor: { type, userId: null, email, tokenId: null },
  from: null,
  to: null,
  reason: null,
});

describe('statusWords', () => {
  it('says a new issue is unresolved and new, changed by nobody', () => {
    expect(statusWords(base)).toEqual({ what: 'Unresolved: new', by: null, at: null });
  });

  it('names the release an issue is resolved in, and who resolved it', () => {
    expect(
      statusWords({
        ...base,
        status: 'resolved',
        substatus: null,
        resolution: { kind: 'inRelease', release: 'shop@2.0' },
        lastStatusChange: change('user', 'ana@example.com'),
      }),
    ).toEqual({ what: 'Resolved in shop@2.0', by: 'ana@example.com', at: '2026-12-07T09:00:00.000Z' });
    expect(
      statusWords({
        ...base,
        status: 'resolved',
        resolution: { kind: 'inNextRelease', afterRelease: 'shop@1.9' },
      }).what,
    ).toBe('Resolved in the release after shop@1.9');
  });

  it('says until what an issue is snoozed, with the count it wakes at', () => {
    const baseline = { eventCount: 1240, userCount: 12, highestHourlyCount: 40 };
    expect(
      statusWords({ ...base, status: 'snoozed', snooze: { kind: 'events', count: 100, baseline } }).what,
    ).toBe('Snoozed until 100 more events (at 1,340)');
    expect(
      statusWords({ ...base, status: 'snoozed', snooze: { kind: 'users', count: 1, baseline } }).what,
    ).toBe('Snoozed until 1 more user (at 13)');
    expect(statusWords({ ...base, status: 'snoozed', snooze: { kind: 'escalating', baseline } }).what).toBe(
      'Snoozed until it escalates',
    );
  });

  it('says Vigie reopened a regressed issue, and a token changed another', () => {
    expect(
      statusWords({ ...base, substatus: 'regressed', lastStatusChange: change('system', null) }),
    ).toMatchObject({
      what: 'Unresolved: regressed, back after it was resolved',
      by: 'Vigie',
    });
    expect(
      statusWords({ ...base, status: 'ignored', lastStatusChange: change('token', null) }),
    ).toMatchObject({
      what: 'Ignored',
      by: 'an API token',
    });
  });
});
