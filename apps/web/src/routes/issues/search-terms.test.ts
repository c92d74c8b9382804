import { describe, expect, it } from 'vitest';
import { applyCompletion, splitTerms, stepActive, termValue, withTerm, writeValue } from './search-terms.ts';

describe('splitTerms', () => {
  it('splits at spaces outside quotes and lists', () => {
    expect(
      splitTerms(' is:unresolved  release:"shop 1.2" level:[error, fatal] boom').map((t) => t.text),
    ).toEqual(['is:unresolved', 'release:"shop 1.2"', 'level:[error, fatal]', 'boom']);
    expect(splitTerms('')).toEqual([]);
  });
});

describe('the pickers edit one term of the query', () => {
  it('sets a value, replacing the one there was, and keeps every other term', () => {
    expect(withTerm('is:unresolved TypeError', 'environment', 'production')).toBe(
      'is:unresolved TypeError environment:production',
    );
    expect(withTerm('is:unresolved environment:staging level:error', 'environment', 'production')).toBe(
      'is:unresolved level:error environment:production',
    );
  });

  it('clears it, and leaves a negated term alone', () => {
    expect(withTerm('is:unresolved environment:staging', 'environment', null)).toBe('is:unresolved');
    expect(withTerm('!environment:dev is:unresolved', 'environment', null)).toBe(
      '!environment:dev is:unresolved',
    );
  });

  it('quotes a value that needs it, and reads it back', () => {
    expect(writeValue('shop@1.2.0')).toBe('shop@1.2.0');
    expect(writeValue('my "big" release*')).toBe('"my \\"big\\" release\\*"');
    const query = withTerm('is:unresolved', 'release', 'web 2.0 "beta"');
    expect(query).toBe('is:unresolved release:"web 2.0 \\"beta\\""');
    expect(termValue(query, 'release')).toBe('web 2.0 "beta"');
    expect(termValue('release:a release:b', 'release')).toBeNull();
    expect(termValue('is:unresolved', 'release')).toBeNull();
  });
});

describe('applyCompletion', () => {
  it('puts the suggestion in place of the span, a space after a value, none after a key', () => {
    expect(applyCompletion('is:unres', { from: 3, to: 8 }, 'unresolved')).toEqual({
      query: 'is:unresolved ',
      cursor: 14,
    });
    expect(applyCompletion('is:unresolved rel', { from: 14, to: 17 }, 'release:')).toEqual({
      query: 'is:unresolved release:',
      cursor: 22,
    });
  });

  it('completes in the middle of a query without doubling the space', () => {
    expect(applyCompletion('level:err TypeError', { from: 6, to: 9 }, 'error')).toEqual({
      query: 'level:error TypeError',
      cursor: 12,
    });
  });
});

describe('stepActive', () => {
  it('moves through the options and wraps around', () => {
    expect(stepActive(-1, 3, 1)).toBe(0);
    expect(stepActive(-1, 3, -1)).toBe(2);
    expect(stepActive(2, 3, 1)).toBe(0);
    expect(stepActive(0, 0, 1)).toBe(-1);
  });
});
