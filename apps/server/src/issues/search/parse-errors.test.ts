import { describe, expect, it } from 'vitest';
import { VigieError } from '../../errors.ts';
import { IS_VALUES } from './ast.ts';
import { MAX_QUERY_LENGTH, MAX_TERMS, parseSearchQuery } from './parse.ts';

const NOW = Date.UTC(2026, 10, 15, 12, 0, 0);

function rejection(input: string): VigieError {
  try {
    parseSearchQuery(input, { nowMs: NOW });
  } catch (error) {
    if (error instanceof VigieError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe('parseSearchQuery: errors name the position and what was expected', () => {
  it('rejects a duration that is not one, pointing just after the key', () => {
    const error = rejection('age:yesterday');
    expect(error).toMatchObject({ status: 400, code: 'invalid_search' });
    expect(error.message).toBe(
      "Expected a duration like -24h or a date like >2026-11-01 after 'age:' at position 4",
    );
    expect(error.details).toEqual({
      position: 4,
      expected: 'a duration like -24h or a date like >2026-11-01',
    });
  });

  it.each([
    ['age:24h', 4, 'a signed duration: -24h for within the last 24 hours, +24h for longer ago'],
    [
      'is:unresolved lastSeen:2026-11-01',
      23,
      'an operator before the date, like >2026-11-01 or <=2026-11-01T12:00',
    ],
    ['lastSeen:>2026-02-30', 9, 'a duration like -24h or a date like >2026-11-01'],
    ['lastSeen:=2026-11-01', 9, 'an operator before the date, like >2026-11-01 or <=2026-11-01T12:00'],
    ['timesSeen:lots', 10, 'a count like 100, >100 or <=1.5k'],
    ['timesSeen:>1.0005k', 10, 'a count like 100, >100 or <=1.5k'],
    ['timesSeen:[1, 2]', 10, expect.stringContaining('a single value')],
    ['environment: production', 12, 'a value'],
    ['release:""', 8, 'a non-empty value'],
    ['level:[error, warn]', 14, 'a level (debug, info, warning, error, fatal)'],
    ['assigned:bob', 9, 'me, none, #team or an email'],
    ['! TypeError', 1, "a term right after '!'"],
    ['release:"my app', 15, "a closing '\"'"],
    ['release:[web@1, api@2', 21, "']'"],
    ['level:[error fatal]', 13, "',' or ']'"],
    ['release:[]', 9, 'a value in the list'],
    ['release:"web"@1', 13, 'a space after the closing quote'],
    ['TypeError OR ReferenceError', 10, 'a search term'],
    ['""', 1, 'text between the quotes'],
  ])('rejects %j at position %i', (input, position, expected) => {
    const error = rejection(input);
    expect(error).toMatchObject({ status: 400, code: 'invalid_search', details: { position, expected } });
    expect(error.message).toContain(`at position ${position}`);
  });

  it('lists the accepted states when is: gets an unknown one', () => {
    const error = rejection('is:open');
    expect(error.message).toBe(`Expected one of ${IS_VALUES.join(', ')} after 'is:' at position 3`);
    expect(error.details).toMatchObject({ position: 3, allowed: IS_VALUES });
  });

  it('names an unknown key, lists the known ones and suggests quoting a pasted message', () => {
    const error = rejection('is:unresolved TypeError: Cannot read properties');
    expect(error.message).toMatch(
      /^Unknown search key 'TypeError' at position 14; known keys: is, assigned, release,/,
    );
    expect(error.message).toContain('put it in quotes');
    expect(error.details).toMatchObject({ position: 14, expected: 'a known search key' });
    expect(error.details?.allowed).toEqual(expect.arrayContaining(['is', 'user.email', 'timesSeen', 'has']));
  });

  it('offers only user for has:', () => {
    expect(rejection('!has:release').details).toEqual({ position: 5, expected: 'user', allowed: ['user'] });
  });

  it('reports the leftmost problem first', () => {
    expect(rejection('firstRelease:1.0 "unclosed').details).toMatchObject({ position: 0 });
  });

  it('refuses queries too long or with too many terms to run', () => {
    expect(rejection('a'.repeat(MAX_QUERY_LENGTH + 1)).details).toMatchObject({ position: MAX_QUERY_LENGTH });
    const words = Array.from({ length: MAX_TERMS + 1 }, (_, i) => `w${i}`);
    expect(parseSearchQuery(words.slice(0, MAX_TERMS).join(' ')).terms).toHaveLength(MAX_TERMS);
    expect(rejection(words.join(' ')).details).toMatchObject({
      position: words.join(' ').lastIndexOf(' ') + 1,
    });
  });
});
