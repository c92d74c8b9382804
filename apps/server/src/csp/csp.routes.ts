// The CSP API under /api/v1/projects/{id}/csp: the live policy (what @vigie/csp's middleware fetches with a
// read-only token), the reports summary, the builder's proposal, a draft's check (evaluator findings and
// the 7-day replay), published versions, decisions on proposed sources, and exports.

import { type EmitFormat, emitPolicy } from '@vigie/csp';
import type { Kysely } from 'kysely';
import { errorResponses, IdParam } from '../api/schemas.ts';
import { authorize } from '../auth/access.ts';
import type { Caller } from '../auth/caller.ts';
import { VigieError } from '../errors.ts';
import type { RoutePlugin } from '../http.ts';
import type { Schema } from '../storage/schema.ts';
import {
  buildProposal,
  findingsOf,
  policyErrors,
  REPLAY_DAYS,
  replayReports,
  replaySince,
} from './builder.ts';
import {
  CheckBody,
  CheckResult,
  DecisionBody,
  DecisionList,
  ExportBody,
  ExportResult,
  LivePolicy,
  Proposal,
  ProposalBody,
  PublishBody,
  ReportsQuery,
  ReportsSummary,
  Version,
  VersionList,
} from './csp.schemas.ts';
import { NOISE_REASON_TEXT, type NoiseReason } from './noise.ts';
import {
  deleteDecision,
  latestVersion,
  listDecisions,
  listVersions,
  type PolicyVersion,
  publishVersion,
  saveDecision,
} from './policies.repository.ts';
import { DAY_MS, groupsSince, hourlyCounts, noiseSince, reportsSince } from './reports.repository.ts';

const iso = (ms: number) => new Date(ms).toISOString();

const presentVersion = (v: PolicyVersion) => ({
  version: v.version,
  enforce: v.enforce,
  reportOnly: v.reportOnly,
  reportingEndpoints: v.reportingEndpoints,
  note: v.note,
  publishedAt: iso(v.publishedAt),
  publishedBy: v.publishedBy,
});

/** Who published or decided: the user's email, else the service token's name. */
async function whoIs(db: Kysely<Schema>, caller: Caller): Promise<string> {
  if (caller.email !== null) return caller.email;
  if (caller.tokenId === null) return 'unknown';
  const token = await db
    .selectFrom('api_tokens')
    .select('name')
    .where('id', '=', caller.tokenId)
    .executeTakeFirst();
  return `token "${token?.name ?? caller.tokenId}"`;
}

/** The ETag of a published version: versions never change, so the number is the content's identity. */
const etagOf = (projectId: number, version: number) => `"csp-${projectId}-${version}"`;

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === etag || t === '*');
}

function checkPolicy(field: string, policy: string | null | undefined): void {
  if (policy === null || policy === undefined) return;
  const errors = policyErrors(policy);
  if (errors.length > 0) {
    throw new VigieError(
      'invalid_csp_policy',
      { message: `The ${field} policy has problems browsers would not ignore quietly: ${errors.join(' ')}` },
      { field, problems: errors },
    );
  }
}

export const cspRoutes: RoutePlugin = async (app, { database }) => {
  const { db } = database;

  app.get(
    '/api/v1/projects/:id/csp/policy',
    {
      schema: {
        description:
          "The project's published CSP policy, as @vigie/csp's middleware fetches it (option `livePolicy`): the " +
          "enforced and report-only values (which may hold `'nonce-{nonce}'`, filled per response) and the " +
          'Reporting-Endpoints value. An ETag names the version; If-None-Match with it answers 304. 404 when ' +
          'nothing is published. Capability: read (a read-only token is enough).',
        params: IdParam,
        response: { 200: LivePolicy, 304: { type: 'null', description: 'Not modified' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'read');
      const current = await latestVersion(db, projectId);
      if (current === undefined) throw new VigieError('csp_policy_not_published');
      const etag = etagOf(projectId, current.version);
      reply.header('etag', etag);
      reply.header('cache-control', 'private, no-cache');
      if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send(null);
      return {
        project: projectId,
        version: current.version,
        publishedAt: iso(current.publishedAt),
        publishedBy: current.publishedBy,
        enforce: current.enforce,
        reportOnly: current.reportOnly,
        reportingEndpoints: current.reportingEndpoints,
      };
    },
  );

  app.get(
    '/api/v1/projects/:id/csp/reports',
    {
      schema: {
        description:
          'Violations of the last `days` (7 by default) grouped by directive, blocked origin and page pattern, ' +
          'with counts per hour, browsers and samples; the noise filtered out, by reason; and the current ' +
          'published version. Capability: read.',
        params: IdParam,
        querystring: ReportsQuery,
        response: { 200: ReportsSummary, ...errorResponses },
      },
    },
    async (request) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'read');
      const days = request.query.days ?? REPLAY_DAYS;
      const now = Date.now();
      const since = now - days * DAY_MS;
      const groups = await groupsSince(db, projectId, since);
      const hourly = await hourlyCounts(
        db,
        groups.map((g) => g.id),
        since,
      );
      const details = await reportsSince(db, projectId, since, 5000);
      const current = await latestVersion(db, projectId);
      const firstHour = Math.floor(since / 3_600_000);
      const hours = Math.ceil((days * DAY_MS) / 3_600_000);
      return {
        days,
        hourlyStart: iso((firstHour + 1) * 3_600_000),
        current: current === undefined ? null : presentVersion(current),
        violations: groups.reduce((sum, g) => sum + g.count, 0),
        groups: groups.map((g) => ({
          id: g.id,
          directive: g.directive,
          blocked: g.blocked,
          page: g.pagePattern,
          count: g.count,
          enforcedCount: g.enforcedCount,
          firstSeen: iso(g.firstSeen),
          lastSeen: iso(g.lastSeen),
          policyVersion: g.policyVersion,
          browsers: g.browsers,
          hourly: Array.from({ length: hours }, (_, i) => hourly.get(g.id)?.get(firstHour + 1 + i) ?? 0),
          samples: details
            .filter((d) => d.groupId === g.id)
            .slice(0, 3)
            .map((d) => ({
              documentUrl: d.documentUrl,
              blockedUrl: d.blockedUrl,
              sourceFile: d.sourceFile,
              line: d.lineNumber,
              column: d.columnNumber,
              sample: d.sample,
            })),
        })),
        noise: (await noiseSince(db, projectId, since)).map((n) => ({
          ...n,
          description: NOISE_REASON_TEXT[n.reason as NoiseReason] ?? n.reason,
        })),
      };
    },
  );

  app.post(
    '/api/v1/projects/:id/csp/proposal',
    {
      schema: {
        description:
          "The next policy built from the last 7 days' reports by @vigie/csp's generator: `allowlist` (the " +
          'current published policy, or `base`, plus the sources reports asked for) or `strict` (nonce, ' +
          "'strict-dynamic', hashes of reported inline scripts). Each source comes with its evidence and " +
          "status: proposed, weak (too little evidence, left out), or the team's decision (accepted, rejected, " +
          'ignored). Capability: read.',
        params: IdParam,
        body: ProposalBody,
        response: { 200: Proposal, ...errorResponses },
      },
    },
    async (request) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'read');
      const current = await latestVersion(db, projectId);
      const base = request.body.base ?? current?.reportOnly ?? current?.enforce ?? "default-src 'self'";
      checkPolicy('base', base);
      const reports = await reportsSince(db, projectId, replaySince(Date.now()));
      const proposal = buildProposal(reports, {
        mode: request.body.mode ?? 'allowlist',
        base,
        decisions: await listDecisions(db, projectId),
        ...(request.body.backwardCompatible === undefined
          ? {}
          : { backwardCompatible: request.body.backwardCompatible }),
      });
      return {
        ...proposal,
        sources: proposal.sources.map((s) => ({
          ...s,
          evidence: {
            ...s.evidence,
            firstSeen: iso(s.evidence.firstSeen),
            lastSeen: iso(s.evidence.lastSeen),
          },
        })),
      };
    },
  );

  app.post(
    '/api/v1/projects/:id/csp/check',
    {
      schema: {
        description:
          "A draft policy's parse problems and the evaluator's findings (worst first), and what it would have " +
          'blocked: the stored reports of the last `days` (7 by default) replayed against it, by page and ' +
          'source. Capability: read.',
        params: IdParam,
        body: CheckBody,
        response: { 200: CheckResult, ...errorResponses },
      },
    },
    async (request) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'read');
      const days = request.body.days ?? REPLAY_DAYS;
      const reports = await reportsSince(db, projectId, replaySince(Date.now(), days));
      const replay = replayReports(request.body.policy, reports, days);
      return {
        problems: policyErrors(request.body.policy),
        findings: findingsOf(request.body.policy, request.body.reportingEndpoints),
        replay: { ...replay, groups: replay.groups.map((g) => ({ ...g, lastSeen: iso(g.lastSeen) })) },
      };
    },
  );

  app.get(
    '/api/v1/projects/:id/csp/versions',
    {
      schema: {
        description:
          'Every published version, newest first: who published it, when, enforced and/or report-only. Capability: read.',
        params: IdParam,
        response: { 200: VersionList, ...errorResponses },
      },
    },
    async (request) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'read');
      return { versions: (await listVersions(db, projectId)).map(presentVersion) };
    },
  );

  app.post(
    '/api/v1/projects/:id/csp/versions',
    {
      schema: {
        description:
          'Publishes a new version: `enforce` (Content-Security-Policy), `reportOnly` ' +
          '(Content-Security-Policy-Report-Only), or both at once to roll forward (enforce the last good ' +
          "policy, report the candidate). `'nonce-{nonce}'` is filled per response by the middleware. A policy " +
          'with errors is a 400 `invalid_csp_policy` listing them. Capability: manage.',
        params: IdParam,
        body: PublishBody,
        response: { 201: Version, ...errorResponses },
      },
    },
    async (request, reply) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'manage');
      const { enforce, reportOnly } = request.body;
      if (enforce === null && reportOnly === null) {
        throw new VigieError('invalid_csp_policy', {
          message: 'Publish at least one policy: "enforce", "reportOnly", or both to roll forward.',
        });
      }
      checkPolicy('enforce', enforce);
      checkPolicy('reportOnly', reportOnly);
      const version = await publishVersion(db, projectId, {
        enforce,
        reportOnly,
        reportingEndpoints: request.body.reportingEndpoints ?? null,
        note: request.body.note ?? '',
        publishedAt: Date.now(),
        publishedBy: await whoIs(db, request.caller),
      });
      reply.code(201);
      return presentVersion(version);
    },
  );

  app.get(
    '/api/v1/projects/:id/csp/decisions',
    {
      schema: {
        description: "The team's decisions on proposed sources. Capability: read.",
        params: IdParam,
        response: { 200: DecisionList, ...errorResponses },
      },
    },
    async (request) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'read');
      const decisions = await listDecisions(db, projectId);
      return { decisions: decisions.map((d) => ({ ...d, decidedAt: iso(d.decidedAt) })) };
    },
  );

  app.put(
    '/api/v1/projects/:id/csp/decisions',
    {
      schema: {
        description:
          'Accepts, rejects or ignores for good a proposed source (`{"directive": "script-src", "source": ' +
          '"https://cdn.example.net", "decision": "accepted"}`); `"decision": null` forgets the decision. ' +
          'Capability: triage.',
        params: IdParam,
        body: DecisionBody,
        response: { 200: DecisionList, ...errorResponses },
      },
    },
    async (request) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'triage');
      const { directive, source, decision } = request.body;
      if (decision === null) await deleteDecision(db, projectId, directive, source);
      else
        await saveDecision(db, projectId, {
          directive,
          source,
          decision,
          decidedAt: Date.now(),
          decidedBy: await whoIs(db, request.caller),
        });
      const decisions = await listDecisions(db, projectId);
      return { decisions: decisions.map((d) => ({ ...d, decidedAt: iso(d.decidedAt) })) };
    },
  );

  app.post(
    '/api/v1/projects/:id/csp/export',
    {
      schema: {
        description:
          "A policy in one of the generator's formats: header, meta, helmet, secure_headers, nginx, caddy " +
          '(`reportOnly` for the report-only variant). Capability: read.',
        params: IdParam,
        body: ExportBody,
        response: { 200: ExportResult, ...errorResponses },
      },
    },
    async (request) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'read');
      const { policy, format, reportOnly } = request.body;
      checkPolicy('exported', policy);
      return {
        format,
        text: emitPolicy(policy, format as EmitFormat, reportOnly === undefined ? {} : { reportOnly }),
      };
    },
  );
};
