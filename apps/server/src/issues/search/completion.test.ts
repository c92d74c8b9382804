import { describe, expect, it } from 'vitest';
import { completionSpot, matchingKeys, rankByPrefix, writeValue } from './completion.ts';

describe('completionSpot', () => {
  it('completes a key at the start, after a space and after a !', () => {
    expect(completionSpot('')).toEqual({ kind: 'key', prefix: '', from: 0, to: 0 });
    expect(completionSpot('is:unresolved rel')).toEqual({ kind: 'key', prefix: 'rel', from: 14, to: 17 });
    expect(completionSpot('!ass')).toEqual({ kind: 'key', prefix: 'ass', from: 1, to: 4 });
  });

  it('completes the value of a known key, in any letter case', () => {
    expect(completionSpot('release:1.4')).toEqual({
      kind: 'value',
      key: 'release',
      prefix: '1.4',
      from: 8,
      to: 11,
    });
    expect(completionSpot('LastSeen:')).toMatchObject({ kind: 'value', key: 'lastSeen', prefix: '' });
  });

  it('completes the item being typed in a list, and a quoted value up to its closing quote', () => {
    expect(completionSpot('level:[error, wa')).toEqual({
      kind: 'value',
      key: 'level',
      prefix: 'wa',
      from: 14,
      to: 16,
    });
    const query = 'environment:"my st" is:unresolved';
    expect(completionSpot(query, 16)).toEqual({
      kind: 'value',
      key: 'environment',
      prefix: 'my ',
      from: 12,
      to: 19,
    });
  });

  it('replaces the whole word the cursor is in', () => {
    expect(completionSpot('is:unres TypeError', 5)).toEqual({
      kind: 'value',
      key: 'is',
      prefix: 'un',
      from: 3,
      to: 8,
    });
  });

  it('offers nothing inside quoted free text or after an unknown key', () => {
    expect(completionSpot('"Cannot rea')).toMatchObject({ kind: 'none' });
    expect(completionSpot('browser:Chr')).toMatchObject({ kind: 'none', from: 8 });
  });
});

describe('writing a suggested value', () => {
  it('keeps plain values bare and quotes the others with their escapes', () => {
    expect(writeValue('shop@1.4.2')).toBe('shop@1.4.2');
    expect(writeValue('my staging')).toBe('"my staging"');
    expect(writeValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(writeValue('1.*')).toBe('"1.\\*"');
    expect(writeValue('a,b')).toBe('"a,b"');
  });
});

describe('ranking', () => {
  it('lists keys starting with what is typed', () => {
    expect(matchingKeys('us')).toEqual(['user.id', 'user.email', 'users']);
    expect(matchingKeys('')).toContain('is');
  });

  it('puts values that start with the text before those that contain it', () => {
    expect(rankByPrefix(['unresolved', 'resolved', 'unassigned'], 'res', 5)).toEqual([
      'resolved',
      'unresolved',
    ]);
    expect(rankByPrefix(['a1', 'a2', 'a3'], 'a', 2)).toEqual(['a1', 'a2']);
  });
});
