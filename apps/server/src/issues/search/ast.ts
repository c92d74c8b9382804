// The typed result of parsing an issue search query. Terms are ANDed; each carries the offset where it starts
// in the query so that later stages can point back at it. Pure data: the SQL compiler walks these terms.

export const IS_VALUES = [
  'unresolved',
  'resolved',
  'ignored',
  'snoozed',
  'assigned',
  'unassigned',
  'linked',
  'unlinked',
  'inbox',
] as const;
export type IsValue = (typeof IS_VALUES)[number];

/** Keys whose values are matched against what the events carried (lists and `*` globs allowed). */
export const VALUE_FIELDS = ['release', 'environment', 'level', 'user.id', 'user.email'] as const;
export type ValueField = (typeof VALUE_FIELDS)[number];

/** The levels Sentry SDKs send once normalized; `level:` rejects anything else so a typo is not a silent miss. */
export const LEVELS = ['debug', 'info', 'warning', 'error', 'fatal'] as const;
export type Level = (typeof LEVELS)[number];

export const HAS_FIELDS = ['user'] as const;
export type HasField = (typeof HAS_FIELDS)[number];

export type TimeField = 'firstSeen' | 'lastSeen';
export type CountField = 'timesSeen' | 'users';

export type RangeOp = '>' | '>=' | '<' | '<=';
export type CountOp = RangeOp | '=';

/** Who an issue is assigned to; `none` is Sentry's `assigned:none`, the same as `is:unassigned`. */
export type AssigneeTarget =
  | { kind: 'me' }
  | { kind: 'none' }
  | { kind: 'user'; email: string }
  | { kind: 'team'; slug: string };

/**
 * One value of a field term. A glob keeps the literal text between its `*` wildcards, unescaped, so the compiler
 * can escape each part for LIKE and join them with `%` (`1.2.*` → parts ['1.2.', '']).
 */
export type FieldValue = { kind: 'exact'; value: string } | { kind: 'glob'; parts: string[] };

type TermBase = {
  /** Offset (0-based, in UTF-16 code units) of the term's first character, its `!` included. */
  position: number;
  negated: boolean;
};

export type IsTerm = TermBase & { kind: 'is'; value: IsValue };

/**
 * Matches when the suggested owners (ownership rules) include any of the targets: `owner:me` is the
 * caller or one of the caller's teams, `owner:none` an issue no known owner was suggested for.
 */
export type OwnerTerm = TermBase & { kind: 'owner'; targets: AssigneeTarget[] };

/** Matches when the assignee is any of the targets (`assigned:[me, #backend]`). */
export type AssignedTerm = TermBase & { kind: 'assigned'; targets: AssigneeTarget[] };

/** Matches when the issue has an event with any of the values; `!` negates the whole list. */
export type FieldTerm = TermBase & { kind: 'field'; field: ValueField; values: FieldValue[] };

/**
 * Compares the first-seen (`age:`, `firstSeen:`) or last-seen timestamp with `atMs` (epoch ms):
 * `timestamp op atMs`. Relative durations are resolved against the parse time: `age:-24h` → firstSeen >= now-24h.
 */
export type TimeTerm = TermBase & { kind: 'time'; field: TimeField; op: RangeOp; atMs: number };

/** Compares the event count (`timesSeen`) or distinct user count (`users`): `count op value`. */
export type CountTerm = TermBase & { kind: 'numeric'; field: CountField; op: CountOp; value: number };

export type HasTerm = TermBase & { kind: 'has'; field: HasField };

/**
 * `tags[key]:value`: matches when the issue has an event whose tag `key` had any of the values (what the tag
 * breakdown counts: browser, os, url, server_name, user, and every tag the SDK sent).
 */
export type TagTerm = TermBase & { kind: 'tag'; key: string; values: FieldValue[] };

/** Case-insensitive substring of the title or culprit; `*` in the value is a literal star. */
export type TextTerm = TermBase & { kind: 'text'; value: string };

export type SearchTerm =
  | IsTerm
  | AssignedTerm
  | FieldTerm
  | TagTerm
  | OwnerTerm
  | TimeTerm
  | CountTerm
  | HasTerm
  | TextTerm;

export type SearchQuery = { terms: SearchTerm[] };

export const SORTS = ['lastSeen', 'firstSeen', 'events', 'users', 'owner'] as const;
export type SearchSort = (typeof SORTS)[number];
