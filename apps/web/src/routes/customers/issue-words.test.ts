import { describe, expect, it } from 'vitest';
import { issueWords, systemWords } from './issue-words.ts';

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

describe('what the customer ran, in words', () => {
  it('names the browser on its system, or only the system for a server-side event', () => {
    expect(systemWords({ browser: 'Chrome 131', os: 'macOS 14', device: null })).toEqual({
      label: 'Browser',
      text: 'Chrome 131 on macOS 14',
    });
    expect(systemWords({ browser: null, os: 'Debian 12.11', device: null })).toEqual({
      label: 'System',
      text: 'Debian 12.11',
    });
    expect(systemWords({ browser: 'Safari 18', os: 'iOS 18', device: 'iPhone' })?.text).toBe(
      'Safari 18 on iOS 18 (iPhone)',
    );
    expect(systemWords({ browser: null, os: null, device: null })).toBeNull();
  });
});
