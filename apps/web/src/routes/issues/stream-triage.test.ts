import { describe, expect, it } from 'vitest';
import { leavesView } from './stream-triage.ts';

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
