import { describe, expect, it } from 'vitest';
import { issueWords } from './issue-words.ts';

const open = {
  status: 'unresolved',
  substatus: 'new',
  resolution: null,
  snooze: null,
  assigned: false,
  reviewed: false,
  externalIssue: null,
  mergedIntoId: null,
};

describe("an issue's state in words a customer understands", () => {
  it('says which release fixed it', () => {
    const resolved = { ...open, status: 'resolved', substatus: null };
    expect(issueWords({ ...resolved, resolution: { kind: 'inRelease', release: 'shop@1.3' } })).toEqual({
      text: 'Fixed in shop@1.3',
      tone: 'fixed',
    });
    expect(
      issueWords({ ...resolved, resolution: { kind: 'inNextRelease', afterRelease: 'shop@1.2' } }).text,
    ).toBe('Fixed in the release after shop@1.2');
    expect(issueWords({ ...resolved, resolution: { kind: 'now' } }).text).toBe('Fixed');
  });

  it('says the team is on it once someone owns it, reviewed it or filed it', () => {
    expect(issueWords({ ...open, assigned: true })).toEqual({
      text: 'The team is looking at it',
      tone: 'working',
    });
    expect(issueWords({ ...open, reviewed: true }).tone).toBe('working');
    expect(
      issueWords({ ...open, externalIssue: { url: 'https://github.com/o/r/issues/3', number: 3 } }).tone,
    ).toBe('working');
    expect(issueWords(open)).toEqual({ text: 'Reported to the team; not looked at yet', tone: 'waiting' });
    expect(issueWords({ ...open, substatus: 'regressed' }).text).toBe(
      'Came back after a fix; not looked at yet',
    );
  });

  it('says when it is ignored or set aside', () => {
    expect(issueWords({ ...open, status: 'ignored' }).text).toMatch(/^Ignored/);
    expect(issueWords({ ...open, status: 'snoozed', snooze: null }).text).toMatch(/^Set aside/);
    expect(issueWords({ ...open, mergedIntoId: 7 }).text).toMatch(/^Grouped with/);
  });
});
