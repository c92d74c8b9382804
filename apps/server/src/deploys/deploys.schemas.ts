// TypeBox schemas of deploys, release health and the gate: they validate requests, type the handlers and strip
// anything undeclared from answers.

import { Type } from 'typebox';

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Strategy = Type.Union([Type.Literal('blue-green'), Type.Literal('rolling'), Type.Literal('canary')]);
const Verdict = Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('inconclusive')]);
const AskedVia = Type.Union([
  Type.Literal('api'),
  Type.Literal('cli'),
  Type.Literal('argo'),
  Type.Literal('flagger'),
  Type.Literal('dashboard'),
]);

export const Version = Type.String({ minLength: 1, maxLength: 200 });
export const EnvironmentName = Type.String({ minLength: 1, maxLength: 64 });

export const NewDeployBody = Type.Object({
  release: Version,
  environment: EnvironmentName,
  strategy: Type.Optional(Strategy),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  url: Type.Optional(Type.String({ maxLength: 2048, format: 'uri' })),
  startedAt: Type.Optional(DateTime),
  finishedAt: Type.Optional(Type.String({ format: 'date-time', description: 'Default: now.' })),
});

export const Deploy = Type.Object({
  id: Type.Integer(),
  projectId: Type.Integer(),
  release: Type.String(),
  environment: Type.String(),
  strategy: Type.Union([
    Type.Literal('blue-green'),
    Type.Literal('rolling'),
    Type.Literal('canary'),
    Type.Null(),
  ]),
  name: Nullable(Type.String()),
  url: Nullable(Type.String()),
  startedAt: Nullable(DateTime),
  finishedAt: DateTime,
  createdBy: Type.String({ description: 'Who recorded it: a user’s email or the token’s number.' }),
});

const Side = Type.Object({
  release: Type.String(),
  environment: Nullable(Type.String()),
  from: DateTime,
  to: DateTime,
  sessions: Type.Integer(),
  crashedSessions: Type.Integer(),
  erroredSessions: Type.Integer(),
  errorEvents: Type.Integer(),
  users: Nullable(Type.Integer()),
  crashedUsers: Nullable(Type.Integer()),
  crashFreeSessions: Nullable(Type.Number()),
  crashFreeUsers: Nullable(Type.Number()),
  errorsPerSession: Nullable(Type.Number()),
  transactions: Type.Integer({ description: 'Transactions received in the window (sampled requests).' }),
  requests: Type.Number({
    description: 'The requests they stand for: each transaction weighted by 1 / its trace’s sample rate.',
  }),
  errorsPerRequest: Nullable(Type.Number()),
  sampleRate: Nullable(
    Type.Number({ description: 'The transactions’ average sample rate (transactions / requests).' }),
  ),
});

const Comparison = Type.Object({
  metric: Type.Union([
    Type.Literal('crash_free_sessions'),
    Type.Literal('errored_sessions'),
    Type.Literal('errors_per_session'),
    Type.Literal('errors_per_request'),
  ]),
  candidate: Nullable(Type.Number()),
  baseline: Nullable(Type.Number()),
  ratio: Nullable(Type.Number()),
  ratioLow: Type.Number(),
  ratioHigh: Nullable(Type.Number()),
  classification: Verdict,
});

export const IssueFact = Type.Object({
  issueId: Type.Integer(),
  title: Type.String(),
  events: Type.Integer(),
});

export const Thresholds = Type.Object({
  minSessions: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  minRequests: Type.Integer({
    minimum: 1,
    maximum: 1_000_000,
    description: 'Without sessions: the sampled transactions each side needs before a per-request verdict.',
  }),
  tolerance: Type.Number({ minimum: 1, maximum: 10 }),
  passMargin: Type.Number({ minimum: 1, maximum: 10 }),
  failConfidence: Type.Number({ minimum: 0.5, maximum: 0.999999 }),
  passConfidence: Type.Number({ minimum: 0.5, maximum: 0.999999 }),
  errorSlack: Type.Number({ minimum: 0, maximum: 1 }),
  crashSlack: Type.Number({ minimum: 0, maximum: 1 }),
  issueMinEvents: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  issueMinShare: Type.Number({ minimum: 0, maximum: 1 }),
});

export const GateMetrics = Type.Object({
  denominator: Type.Union([Type.Literal('sessions'), Type.Literal('requests')], {
    description:
      'What errors were divided by: sessions when both sides sent some, else requests (traced transactions).',
  }),
  candidate: Side,
  baseline: Side,
  comparisons: Type.Array(Comparison),
  newIssues: Type.Array(IssueFact),
  regressions: Type.Array(IssueFact),
  thresholds: Thresholds,
});

export const GateAnswerSchema = Type.Object({
  id: Type.Integer({ description: 'The kept verdict’s id (GET …/gate/verdicts lists them).' }),
  verdict: Verdict,
  reasons: Type.Array(Type.String()),
  metrics: GateMetrics,
  askedBy: Type.String(),
  askedVia: AskedVia,
  askedAt: DateTime,
});

export const GateQuery = Type.Object({
  release: Version,
  baseline: Type.Optional(Version),
  environment: Type.Optional(EnvironmentName),
  baselineEnvironment: Type.Optional(EnvironmentName),
  window: Type.Optional(
    Type.String({ maxLength: 16, description: 'Like 30m, 2h, 1d (default 1h; 1m to 7d).' }),
  ),
  baselineEnd: Type.Optional(DateTime),
  source: Type.Optional(
    Type.Union([Type.Literal('api'), Type.Literal('cli'), Type.Literal('argo'), Type.Literal('dashboard')], {
      description: 'Who is asking, for the kept verdict: argo, cli, dashboard or api (default).',
    }),
  ),
});

export const KeptVerdict = Type.Object({
  id: Type.Integer(),
  release: Type.String(),
  baseline: Type.String(),
  environment: Type.String(),
  baselineEnvironment: Type.String(),
  window: Type.String(),
  verdict: Verdict,
  reasons: Type.Array(Type.String()),
  metrics: GateMetrics,
  askedBy: Type.String(),
  askedVia: Type.String(),
  askedAt: DateTime,
});

export const ReleaseHealth = Type.Object({
  version: Type.String(),
  firstSeen: DateTime,
  lastSeen: DateTime,
  adoption: Nullable(Type.Number({ description: 'Share of the last 24 hours’ sessions (0 to 1).' })),
  sessions: Type.Integer(),
  crashFreeSessions: Nullable(Type.Number()),
  users: Nullable(Type.Integer()),
  crashFreeUsers: Nullable(Type.Number()),
  errorEvents: Type.Integer(),
  errorsPerSession: Nullable(Type.Number()),
  transactions: Type.Integer({ description: 'Transactions received in the period (sampled requests).' }),
  requests: Type.Number({ description: 'The requests they stand for (1 / sample rate each).' }),
  errorsPerRequest: Nullable(Type.Number()),
  newIssues: Type.Integer({ description: 'Issues first seen in this release.' }),
  regressions: Type.Integer({ description: 'Issues that came back with this release within the period.' }),
  lastDeploy: Nullable(Deploy),
});
