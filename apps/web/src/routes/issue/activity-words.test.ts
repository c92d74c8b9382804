import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../api/types.ts';
import { describeActivity } from './activity-words.ts';

const ana = { type: 'user' as const, userId: 1, email: 'ana@example.com', tokenId: null };
const vigie = { type: 'system' as const, userId: null, email: null, tokenId: null };
const entry = (e: Partial<ActivityEntry>): ActivityEntry => ({
  id: 1,
  kind: 'status',
  at: '2026-12-07T09:00:00.000Z',
  actor: ana,
  from: null,
  to: null,
  reason: null,
  data: {},
  ...e,
});
const names = (key: string) => ({ 'user:2': 'Bruno', 'team:3': '#backend' })[key] ?? key;

describe('describeActivity', () => {
  it('says who changed the status and how, in words', () => {
    expect(
      describeActivity(entry({ reason: 'resolve', data: { detail: 'resolved in shop@2.0' } }), names),
    ).toBe('ana@example.com resolved it in shop@2.0');
    expect(describeActivity(entry({ reason: 'ignore', data: { detail: 'ignored' } }), names)).toBe(
      'ana@example.com ignored it',
    );
    expect(
      describeActivity(entry({ reason: 'snooze', data: { detail: 'snoozed for 100 more events' } }), names),
    ).toBe('ana@example.com snoozed it for 100 more events');
  });

  it('says what Vigie did by itself, and why', () => {
    expect(
      describeActivity(
        entry({ actor: vigie, reason: 'regressed', data: { detail: 'event from 1.3.0, fixed in 1.3.0' } }),
        names,
      ),
    ).toBe('Vigie reopened it: it happened again (event from 1.3.0, fixed in 1.3.0)');
    expect(describeActivity(entry({ kind: 'created', actor: vigie }), names)).toBe(
      'First seen: Vigie opened the issue',
    );
  });

  it('says an ownership rule assigned it, naming the rule, not a person', () => {
    const rule = { type: 'rule' as const, userId: null, email: null, tokenId: null };
    const byRule = (data: Record<string, unknown>) =>
      describeActivity(entry({ kind: 'assign', actor: rule, data }), names);
    expect(
      byRule({
        assignee: 'team:3',
        rule: {
          text: 'path:src/billing/** #backend',
          source: 'rules',
          line: 4,
          matcher: 'path:src/billing/**',
        },
      }),
    ).toBe('Assigned to #backend by ownership rule `path:src/billing/**`');
    expect(
      byRule({
        assignee: 'user:2',
        rule: { text: '/src/ @bruno', source: 'codeowners', line: 7, matcher: '/src/' },
      }),
    ).toBe('Assigned to Bruno by CODEOWNERS line 7 `/src/`');
    // Entries written before the matcher was recorded show the rule's whole line.
    expect(
      byRule({ assignee: 'team:3', rule: { text: 'path:src/** #backend', source: 'rules', line: 1 } }),
    ).toBe('Assigned to #backend by ownership rule `path:src/** #backend`');
  });

  it('names assignees, links, merges and GitHub issues', () => {
    expect(describeActivity(entry({ kind: 'assign', data: { assignee: 'user:2' } }), names)).toBe(
      'ana@example.com assigned it to Bruno',
    );
    expect(describeActivity(entry({ kind: 'assign', data: { assignee: 'team:3' } }), names)).toBe(
      'ana@example.com assigned it to #backend',
    );
    expect(
      describeActivity(entry({ kind: 'github', data: { repository: 'acme/shop', number: 12 } }), names),
    ).toBe('ana@example.com filed it on GitHub as acme/shop#12');
    expect(describeActivity(entry({ kind: 'merge', data: { sourceIssueIds: [4, 5] } }), names)).toBe(
      'ana@example.com merged #4, #5 into it',
    );
    expect(describeActivity(entry({ kind: 'unmerge', data: { fromIssueId: 7 } }), names)).toBe(
      'ana@example.com split it back out of #7',
    );
  });

  it('says what support asked the team', () => {
    expect(
      describeActivity(
        entry({
          kind: 'escalation',
          data: { note: 'Cannot pay since 9:00', customer: 'email:jane@example.com' },
        }),
        names,
      ),
    ).toBe('ana@example.com asked the team about email:jane@example.com: “Cannot pay since 9:00”');
  });
});
