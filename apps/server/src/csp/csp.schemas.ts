// TypeBox schemas of the CSP API: the live policy the middleware fetches, the reports summary, the
// builder's proposal, a draft's check (findings and replay), versions, decisions and exports.

import { EMIT_FORMATS } from '@vigie/csp';
import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** A policy value as publishers write it; the middleware fills `'nonce-{nonce}'` per response. */
export const MAX_POLICY_CHARS = 16 * 1024;
const PolicyText = Type.String({ minLength: 1, maxLength: MAX_POLICY_CHARS });

export const LivePolicy = Type.Object({
  project: Type.Integer(),
  version: Type.Integer(),
  publishedAt: Type.String({ format: 'date-time' }),
  publishedBy: Type.String(),
  enforce: Nullable(Type.String({ description: 'The Content-Security-Policy value, or null.' })),
  reportOnly: Nullable(
    Type.String({ description: 'The Content-Security-Policy-Report-Only value, or null.' }),
  ),
  reportingEndpoints: Nullable(Type.String({ description: 'The Reporting-Endpoints value, or null.' })),
});

export const Version = Type.Object({
  version: Type.Integer(),
  enforce: Nullable(Type.String()),
  reportOnly: Nullable(Type.String()),
  reportingEndpoints: Nullable(Type.String()),
  note: Type.String(),
  publishedAt: Type.String({ format: 'date-time' }),
  publishedBy: Type.String(),
});

export const VersionList = Type.Object({ versions: Type.Array(Version) });

export const PublishBody = Type.Object({
  enforce: Nullable(PolicyText),
  reportOnly: Nullable(PolicyText),
  reportingEndpoints: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 2048 }))),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});

const Evidence = Type.Object({
  reports: Type.Integer(),
  pages: Type.Array(Type.String()),
  pageCount: Type.Integer(),
  browsers: Type.Array(Type.String()),
  days: Type.Integer(),
  firstSeen: Type.String({ format: 'date-time' }),
  lastSeen: Type.String({ format: 'date-time' }),
});

export const Group = Type.Object({
  id: Type.Integer(),
  directive: Type.String(),
  blocked: Type.String(),
  page: Type.String(),
  count: Type.Integer(),
  enforcedCount: Type.Integer(),
  firstSeen: Type.String({ format: 'date-time' }),
  lastSeen: Type.String({ format: 'date-time' }),
  policyVersion: Nullable(Type.Integer()),
  browsers: Type.Array(Type.Object({ browser: Type.String(), count: Type.Integer() })),
  /** Reports per hour over the window, oldest first. */
  hourly: Type.Array(Type.Integer()),
  samples: Type.Array(
    Type.Object({
      documentUrl: Type.String(),
      blockedUrl: Type.String(),
      sourceFile: Nullable(Type.String()),
      line: Nullable(Type.Integer()),
      column: Nullable(Type.Integer()),
      sample: Nullable(Type.String()),
    }),
  ),
});

export const ReportsSummary = Type.Object({
  days: Type.Integer(),
  hourlyStart: Type.String({
    format: 'date-time',
    description: "Start of the first hour of each group's `hourly` counts; the last one is the current hour.",
  }),
  current: Nullable(Version),
  violations: Type.Integer(),
  groups: Type.Array(Group),
  noise: Type.Array(
    Type.Object({
      reason: Type.String(),
      description: Type.String(),
      count: Type.Integer(),
      example: Type.String(),
    }),
  ),
});

export const ReportsQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 30, default: 7 })),
});

export const ProposalBody = Type.Object({
  mode: Type.Optional(Type.Enum(['allowlist', 'strict'], { default: 'allowlist' })),
  base: Type.Optional(PolicyText),
  backwardCompatible: Type.Optional(Type.Boolean()),
});

const DecisionOut = Type.Object({
  directive: Type.String(),
  kind: Type.String(),
  count: Type.Integer(),
  samples: Type.Array(Type.String()),
  hashes: Type.Array(Type.String()),
  truncatedSamples: Type.Integer(),
  locations: Type.Array(Type.String()),
  options: Type.Array(Type.String()),
  advice: Type.String(),
});

export const Proposal = Type.Object({
  mode: Type.String(),
  policy: Type.String(),
  base: Type.String(),
  pageOrigin: Nullable(Type.String()),
  reports: Type.Integer(),
  sources: Type.Array(
    Type.Object({
      directive: Type.String(),
      source: Type.String(),
      status: Type.Enum(['proposed', 'weak', 'accepted', 'rejected', 'ignored']),
      reason: Nullable(Type.String()),
      evidence: Evidence,
    }),
  ),
  decisions: Type.Array(DecisionOut),
  notes: Type.Array(Type.String()),
});

export const CheckBody = Type.Object({
  policy: PolicyText,
  reportingEndpoints: Type.Optional(Type.String({ maxLength: 2048 })),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 7, default: 7 })),
});

export const CheckResult = Type.Object({
  problems: Type.Array(Type.String()),
  findings: Type.Array(
    Type.Object({
      type: Type.String(),
      severity: Type.String(),
      directive: Type.String(),
      value: Type.Optional(Type.String()),
      description: Type.String(),
    }),
  ),
  replay: Type.Object({
    days: Type.Integer(),
    replayed: Type.Integer(),
    blocked: Type.Integer(),
    groups: Type.Array(
      Type.Object({
        directive: Type.String(),
        blocked: Type.String(),
        page: Type.String(),
        reports: Type.Integer(),
        examples: Type.Array(Type.String()),
        lastSeen: Type.String({ format: 'date-time' }),
      }),
    ),
  }),
});

export const DecisionBody = Type.Object({
  directive: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$' }),
  source: Type.String({ minLength: 1, maxLength: 512 }),
  decision: Nullable(Type.Enum(['accepted', 'rejected', 'ignored'])),
});

export const DecisionList = Type.Object({
  decisions: Type.Array(
    Type.Object({
      directive: Type.String(),
      source: Type.String(),
      decision: Type.String(),
      decidedAt: Type.String({ format: 'date-time' }),
      decidedBy: Type.String(),
    }),
  ),
});

export const ExportBody = Type.Object({
  policy: PolicyText,
  format: Type.Enum([...EMIT_FORMATS]),
  reportOnly: Type.Optional(Type.Boolean()),
});

export const ExportResult = Type.Object({ format: Type.String(), text: Type.String() });
