import { describe, expect, it } from 'vitest';
import { IS_VALUES } from './ast.ts';
import { parseSearchQuery, parseSort } from './parse.ts';

const NOW = Date.UTC(2026, 10, 15, 12, 0, 0); // 2026-11-15T12:00:00Z
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const parse = (input: string) => parseSearchQuery(input, { nowMs: NOW }).terms;

describe('parseSearchQuery: what a triager types', () => {
  it('reads the weekly inbox query, excluding staging, with free text', () => {
    expect(parse('is:unresolved is:inbox level:error !environment:staging TypeError')).toEqual([
      { kind: 'is', value: 'unresolved', negated: false, position: 0 },
      { kind: 'is', value: 'inbox', negated: false, position: 14 },
      {
        kind: 'field',
        field: 'level',
        values: [{ kind: 'exact', value: 'error' }],
        negated: false,
        position: 23,
      },
      {
        kind: 'field',
        field: 'environment',
        values: [{ kind: 'exact', value: 'staging' }],
        negated: true,
        position: 35,
      },
      { kind: 'text', value: 'TypeError', negated: false, position: 56 },
    ]);
  });

  it("finds a team's noisy issues that appeared in the last day", () => {
    expect(parse('assigned:#backend timesSeen:>100 age:-24h')).toEqual([
      { kind: 'assigned', targets: [{ kind: 'team', slug: 'backend' }], negated: false, position: 0 },
      { kind: 'numeric', field: 'timesSeen', op: '>', value: 100, negated: false, position: 18 },
      { kind: 'time', field: 'firstSeen', op: '>=', atMs: NOW - DAY, negated: false, position: 33 },
    ]);
  });

  it('reads any tag named in brackets, its key kept as written', () => {
    expect(parse('tags[browser]:"Chrome 120.0" !tags[feature:flag]:[on, beta*]')).toEqual([
      {
        kind: 'tag',
        key: 'browser',
        values: [{ kind: 'exact', value: 'Chrome 120.0' }],
        negated: false,
        position: 0,
      },
      {
        kind: 'tag',
        key: 'feature:flag',
        values: [
          { kind: 'exact', value: 'on' },
          { kind: 'glob', parts: ['beta', ''] },
        ],
        negated: true,
        position: 29,
      },
    ]);
  });

  it('returns no terms for an empty or blank query', () => {
    expect(parse('')).toEqual([]);
    expect(parse('  \t \n ')).toEqual([]);
  });

  it('looks up every error one customer hit, by id or by email', () => {
    expect(parse('user.id:4711 user.email:"jane.doe+shop@example.com"')).toEqual([
      {
        kind: 'field',
        field: 'user.id',
        values: [{ kind: 'exact', value: '4711' }],
        negated: false,
        position: 0,
      },
      {
        kind: 'field',
        field: 'user.email',
        values: [{ kind: 'exact', value: 'jane.doe+shop@example.com' }],
        negated: false,
        position: 13,
      },
    ]);
  });

  it('reads quoted values with spaces and escaped quotes, backslashes and stars', () => {
    const [release, phrase, escaped, star] = parse(
      'release:"my app@1.0" "Cannot read properties of undefined" "say \\"hi\\" to C:\\\\tmp" release:"build\\*1"',
    );
    expect(release).toMatchObject({ field: 'release', values: [{ kind: 'exact', value: 'my app@1.0' }] });
    expect(phrase).toEqual({
      kind: 'text',
      value: 'Cannot read properties of undefined',
      negated: false,
      position: 21,
    });
    expect(escaped).toMatchObject({ kind: 'text', value: 'say "hi" to C:\\tmp' });
    expect(star).toMatchObject({ values: [{ kind: 'exact', value: 'build*1' }] });
  });

  it('keeps a backslash that escapes nothing, as in a pasted Windows path', () => {
    expect(parse('"C:\\Users\\app"')).toMatchObject([{ kind: 'text', value: 'C:\\Users\\app' }]);
  });

  it('negates free text, quoted phrases and every kind of filter', () => {
    const terms = parse(
      '!ResizeObserver !"Script error." !is:ignored !assigned:me !age:+7d !timesSeen:1 !has:user',
    );
    expect(terms.map((term) => [term.kind, term.negated])).toEqual([
      ['text', true],
      ['text', true],
      ['is', true],
      ['assigned', true],
      ['time', true],
      ['numeric', true],
      ['has', true],
    ]);
    expect(terms[1]).toMatchObject({ value: 'Script error.', position: 16 });
  });

  it('treats each bare word as its own text term so word order does not matter', () => {
    expect(parse('undefined  Cannot read').map((term) => term.kind === 'text' && term.value)).toEqual([
      'undefined',
      'Cannot',
      'read',
    ]);
  });

  it('keeps words with a colon that cannot be a key as free text', () => {
    expect(parse('12:30 ::1 [object:Object]')).toMatchObject([
      { kind: 'text', value: '12:30' },
      { kind: 'text', value: '::1' },
      { kind: 'text', value: '[object:Object]' },
    ]);
  });

  it("reads Sentry's list syntax as any of the values", () => {
    expect(parse('level:[error, fatal] release:[ "web@1.2", api@2.0 ]')).toEqual([
      {
        kind: 'field',
        field: 'level',
        values: [
          { kind: 'exact', value: 'error' },
          { kind: 'exact', value: 'fatal' },
        ],
        negated: false,
        position: 0,
      },
      {
        kind: 'field',
        field: 'release',
        values: [
          { kind: 'exact', value: 'web@1.2' },
          { kind: 'exact', value: 'api@2.0' },
        ],
        negated: false,
        position: 21,
      },
    ]);
  });

  it('splits wildcard values into the literal parts around each star', () => {
    expect(parse('release:web@1.2.* user.email:*@acme.com environment:*')).toMatchObject([
      { values: [{ kind: 'glob', parts: ['web@1.2.', ''] }] },
      { values: [{ kind: 'glob', parts: ['', '@acme.com'] }] },
      { values: [{ kind: 'glob', parts: ['', ''] }] },
    ]);
  });

  it('reads every form of assignee', () => {
    const [me, none, user, list] = parse(
      'assigned:me assigned:NONE assigned:alice@example.com assigned:[me, #frontend]',
    );
    expect(me).toMatchObject({ targets: [{ kind: 'me' }] });
    expect(none).toMatchObject({ targets: [{ kind: 'none' }] });
    expect(user).toMatchObject({ targets: [{ kind: 'user', email: 'alice@example.com' }] });
    expect(list).toMatchObject({ targets: [{ kind: 'me' }, { kind: 'team', slug: 'frontend' }] });
  });

  it('accepts every issue state of the issue text', () => {
    const terms = parse(IS_VALUES.map((value) => `is:${value}`).join(' '));
    expect(terms.map((term) => term.kind === 'is' && term.value)).toEqual([...IS_VALUES]);
  });

  it('matches keys and keyword values in any letter case', () => {
    expect(parse('IS:Unresolved LastSeen:-1h TIMESSEEN:10 Level:ERROR Has:User')).toMatchObject([
      { kind: 'is', value: 'unresolved' },
      { kind: 'time', field: 'lastSeen', op: '>=', atMs: NOW - HOUR },
      { kind: 'numeric', field: 'timesSeen', op: '=', value: 10 },
      { kind: 'field', field: 'level', values: [{ kind: 'exact', value: 'error' }] },
      { kind: 'has', field: 'user' },
    ]);
  });
});

describe('parseSearchQuery: times and counts', () => {
  it.each([
    ['age:-30s', 'firstSeen', '>=', NOW - 30_000],
    ['age:-15m', 'firstSeen', '>=', NOW - 15 * 60_000],
    ['lastSeen:-1h', 'lastSeen', '>=', NOW - HOUR],
    ['age:+7d', 'firstSeen', '<=', NOW - 7 * DAY],
    ['lastSeen:+2w', 'lastSeen', '<=', NOW - 14 * DAY],
    ['lastSeen:>2026-11-01', 'lastSeen', '>', Date.UTC(2026, 10, 1)],
    ['firstSeen:<=2026-11-01T12:00:00+02:00', 'firstSeen', '<=', Date.UTC(2026, 10, 1, 10)],
    ['age:>=2026-11-01T08:30Z', 'firstSeen', '>=', Date.UTC(2026, 10, 1, 8, 30)],
    ['lastSeen:<2024-02-29T23:59:59.5', 'lastSeen', '<', Date.UTC(2024, 1, 29, 23, 59, 59, 500)],
  ])('reads %s as %s %s a fixed instant', (input, field, op, atMs) => {
    expect(parse(input)).toEqual([{ kind: 'time', field, op, atMs, negated: false, position: 0 }]);
  });

  it('brackets a window between two relative ages', () => {
    expect(parse('age:+12h age:-24h')).toMatchObject([
      { op: '<=', atMs: NOW - 12 * HOUR },
      { op: '>=', atMs: NOW - DAY },
    ]);
  });

  it('resolves relative times against the current clock when no time is given', () => {
    const before = Date.now();
    const [term] = parseSearchQuery('lastSeen:-1h').terms;
    const atMs = term?.kind === 'time' ? term.atMs : Number.NaN;
    expect(atMs).toBeGreaterThanOrEqual(before - HOUR);
    expect(atMs).toBeLessThanOrEqual(Date.now() - HOUR);
  });

  it.each([
    ['timesSeen:100', '=', 100],
    ['timesSeen:>=1k', '>=', 1_000],
    ['users:>1.5k', '>', 1_500],
    ['timesSeen:<1.1k', '<', 1_100],
    ['users:<=2m', '<=', 2_000_000],
    ['users:>0', '>', 0],
  ])('reads the count %s', (input, op, value) => {
    expect(parse(input)).toMatchObject([{ kind: 'numeric', op, value }]);
  });
});

describe('parseSort', () => {
  it.each([
    ['lastSeen', 'lastSeen'],
    ['date', 'lastSeen'],
    ['firstSeen', 'firstSeen'],
    ['new', 'firstSeen'],
    ['events', 'events'],
    ['freq', 'events'],
    ['users', 'users'],
    ['user', 'users'],
    ['LASTSEEN', 'lastSeen'],
  ])('reads %s as %s', (input, sort) => {
    expect(parseSort(input)).toBe(sort);
  });

  it.each(['priority', '', 'constructor'])('rejects the sort %j with a 400 listing the sorts', (input) => {
    expect(() => parseSort(input)).toThrow(
      expect.objectContaining({
        status: 400,
        code: 'invalid_sort',
        message: expect.stringContaining('use one of lastSeen, firstSeen, events, users'),
      }),
    );
  });
});
