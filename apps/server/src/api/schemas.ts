// TypeBox schemas shared by the read API's routes: they validate, type the handlers, strip
// anything undeclared from responses, and will feed the OpenAPI document.

import { Type } from 'typebox';
import { ERROR_CATALOGUE, ERROR_CODES, type ErrorCode } from '../error-catalogue.ts';

/**
 * Every code of the error catalogue, as a shared schema (app.addSchema) that each error response refers to:
 * the OpenAPI document lists the codes once, as components.schemas.ErrorCode, with their status and meaning.
 */
export const ErrorCodeSchema = {
  $id: 'ErrorCode',
  type: 'string',
  enum: ERROR_CODES,
  description: [
    'What went wrong, for programs (the message says it for people, and how to fix it). Every code Vigie',
    'answers, those of the Sentry ingest endpoints included:',
    '',
    '| code | status | meaning |',
    '| --- | --- | --- |',
    ...ERROR_CODES.map((code) => {
      const entry = ERROR_CATALOGUE[code];
      const meaning = 'meaning' in entry ? entry.meaning : entry.message;
      return `| \`${code}\` | ${entry.status} | ${meaning.replaceAll('|', '\\|')} |`;
    }),
  ].join('\n'),
} as const;

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.Unsafe<ErrorCode>(Type.Ref(ErrorCodeSchema.$id)),
    message: Type.String(),
    details: Type.Optional(Type.Object({}, { additionalProperties: true })),
  }),
});

export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
};

export const IdParam = Type.Object({ id: Type.String({ pattern: '^[0-9]+$' }) });

export const PageQuery = {
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
};

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const Project = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const ProjectKey = Type.Object({
  id: Type.Integer(),
  projectId: Type.Integer(),
  label: Type.String(),
  publicKey: Type.String(),
  dsn: Type.String(),
  rateLimitPerMinute: Nullable(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const FingerprintComponent = Type.Object({
  id: Type.String(),
  value: Type.String(),
  hint: Type.Optional(Type.String()),
});

export const Issue = Type.Object({
  id: Type.Integer(),
  projectId: Type.Integer(),
  title: Type.String(),
  culprit: Nullable(Type.String()),
  level: Type.String(),
  platform: Type.String(),
  status: Type.String(),
  substatus: Nullable(Type.String()),
  firstSeen: Type.String({ format: 'date-time' }),
  lastSeen: Type.String({ format: 'date-time' }),
  count: Type.Integer(),
  userCount: Type.Integer(),
  firstRelease: Nullable(Type.String()),
  lastRelease: Nullable(Type.String()),
  fingerprint: Type.Object({
    hash: Type.String(),
    strategy: Type.String({
      description:
        'custom, stacktrace (in-app frames), system (all frames, none in-app), exception, message or fallback.',
    }),
    components: Type.Array(FingerprintComponent),
    summary: Type.String({ description: 'Why these events are together, in one sentence.' }),
    groupingVersion: Type.Integer({ description: 'The grouping that made the issue (2 since source maps).' }),
  }),
});

export const EventSummary = Type.Object({
  eventId: Type.String(),
  issueId: Type.Integer(),
  projectId: Type.Integer(),
  timestamp: Type.String({ format: 'date-time' }),
  receivedAt: Type.String({ format: 'date-time' }),
  level: Type.String(),
  title: Type.String(),
  release: Nullable(Type.String()),
  environment: Nullable(Type.String()),
  userKey: Nullable(Type.String()),
});

/** The whole normalized event: its shape is the normalizer's, passed through as is. */
export const EventDetail = Type.Intersect([
  EventSummary,
  Type.Object({ data: Type.Object({}, { additionalProperties: true }) }),
]);

export const CountPoint = Type.Object({ start: Type.String({ format: 'date-time' }), count: Type.Integer() });

export const iso = (ms: number) => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));
