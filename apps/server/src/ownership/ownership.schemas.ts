// TypeBox schemas of the ownership API: a project's rules, CODEOWNERS import, handle mapping, the
// preview against an issue, and an issue's suggested owners.

import { type Static, Type } from 'typebox';
import { MAX_CODEOWNERS_BYTES } from './codeowners.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const MAX_RULES_CHARS = 256 * 1024;

export const OwnershipModeSchema = Type.Enum(['off', 'suggest', 'auto'], {
  description:
    'off: no suggestions; suggest: suggested owners on each issue; auto: also assign new and regressed issues nobody is assigned to.',
});

export const RuleSourceSchema = Type.Enum(['rules', 'codeowners']);

export const Owner = Type.Object({
  type: Type.Enum(['user', 'team', 'unknown']),
  /** As written in the rule: `#billing`, `ana@example.com`, `@org/team`. */
  label: Type.String(),
  id: Nullable(Type.Integer()),
  name: Nullable(Type.String()),
  /** Why an unknown owner is unknown. */
  reason: Type.Optional(Type.String()),
});
export type Owner = Static<typeof Owner>;

export const UnknownOwner = Type.Object({
  owner: Type.String(),
  source: RuleSourceSchema,
  line: Type.Integer(),
  column: Type.Integer(),
  reason: Type.String(),
});

export const HandleMapping = Type.Object({
  handle: Type.String({ description: '@user or @org/team, as CODEOWNERS writes it' }),
  user: Nullable(Type.Object({ id: Type.Integer(), email: Type.String() })),
  team: Nullable(Type.Object({ id: Type.Integer(), slug: Type.String() })),
});

export const OwnershipSettings = Type.Object({
  mode: OwnershipModeSchema,
  rules: Type.String(),
  codeowners: Type.Object({
    text: Type.String(),
    origin: Nullable(
      Type.Object({
        kind: Type.Enum(['paste', 'github']),
        repository: Type.Optional(Type.String()),
        path: Type.Optional(Type.String()),
      }),
    ),
    syncedAt: Nullable(Type.String({ format: 'date-time' })),
    ruleCount: Type.Integer(),
  }),
  handles: Type.Array(HandleMapping),
  unknownOwners: Type.Array(UnknownOwner),
  /** Handles the CODEOWNERS file names that the mapping does not cover. */
  unmappedHandles: Type.Array(Type.String()),
  /** True while the ownership job recomputes the project's issues after a change. */
  recomputing: Type.Boolean(),
  updatedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type OwnershipSettings = Static<typeof OwnershipSettings>;

export const OwnershipPatch = Type.Object({
  mode: Type.Optional(OwnershipModeSchema),
  rules: Type.Optional(Type.String({ maxLength: MAX_RULES_CHARS })),
});

export const CodeownersImport = Type.Union([
  Type.Object({
    source: Type.Literal('paste'),
    text: Type.String({ maxLength: MAX_CODEOWNERS_BYTES }),
  }),
  Type.Object({
    source: Type.Literal('github'),
    path: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 500,
        description:
          "Where the file is; by default GitHub's own places: .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS",
      }),
    ),
  }),
]);

export const HandlesBody = Type.Object({
  handles: Type.Array(
    Type.Object({
      handle: Type.String({ pattern: '^@[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)?$' }),
      user: Type.Optional(Type.String({ minLength: 3, maxLength: 320, description: "a member's email" })),
      team: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: "a team's slug" })),
    }),
    { maxItems: 1_000 },
  ),
});

export const Suggestion = Type.Object({
  owners: Type.Array(Owner),
  rule: Type.Object({
    text: Type.String(),
    source: RuleSourceSchema,
    line: Type.Integer(),
  }),
  /** What the rule matched: path, module, url, tags.<key> or culprit. */
  field: Type.String(),
  value: Type.String(),
  /** "owned by #billing: src/billing/invoice.ts matched `path:src/billing/**`" */
  explanation: Type.String(),
});
export type Suggestion = Static<typeof Suggestion>;

export const IssueOwners = Type.Object({
  mode: OwnershipModeSchema,
  suggestion: Nullable(Suggestion),
  /** When the suggestion was computed; null when the issue was not looked at yet (or the mode is off). */
  computedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const PreviewBody = Type.Object({
  issueId: Type.Integer({ minimum: 1 }),
  rules: Type.Optional(
    Type.String({ maxLength: MAX_RULES_CHARS, description: 'Rules to try; the saved ones by default' }),
  ),
  codeowners: Type.Optional(
    Type.String({
      maxLength: MAX_CODEOWNERS_BYTES,
      description: 'A CODEOWNERS text to try; the imported one by default',
    }),
  ),
});

export const PreviewResult = Type.Object({
  suggestion: Nullable(Suggestion),
  unknownOwners: Type.Array(UnknownOwner),
  /** The event the rules were tested against (the issue's latest). */
  eventId: Nullable(Type.String()),
});

export const SuggestionsQuery = Type.Object({
  ids: Type.String({
    pattern: '^[0-9]+(,[0-9]+){0,99}$',
    description: 'Up to 100 issue ids, comma-separated',
  }),
});

export const SuggestionList = Type.Object({
  mode: OwnershipModeSchema,
  /** One per issue that has a suggested owner; issues without one are left out. */
  suggestions: Type.Array(Type.Intersect([Type.Object({ issueId: Type.Integer() }), Suggestion])),
});
