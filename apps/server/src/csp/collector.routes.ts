// The CSP report endpoints, keyed like DSNs: POST /api/{project}/csp-report/?sentry_key=… (Vigie's, and
// Sentry's older name) and POST /api/{project}/security/?sentry_key=… (Sentry's), each taking report-uri
// and Reporting API bodies. Registered inside the ingest plugin, so they share its key check, its CORS
// preflight, its body size limits (a /store/ body's) and its per-key rate limit (one event per report).

import type { FastifyReply, FastifyRequest } from 'fastify';
import { VigieError } from '../errors.ts';
import type { RoutePlugin } from '../http.ts';
import type { ProjectKey } from '../storage/schema.ts';
import type { CollectOutcome } from './collector.ts';
import { type ParsedReports, parseReportBody, reportFormatOf } from './report-body.ts';

/**
 * The ingest endpoints' per-key limit (ingest/key-rate.ts's KeyRates), which reports count against.
 * Declared here by shape: ingest registers these routes, so csp/ does not import ingest/ back.
 */
export interface ReportRates {
  consume(key: ProjectKey, events: number): Promise<void>;
}

/** What the ingest plugin hands the collector: a way to store one request's reports. */
export interface CspCollector {
  collect(projectId: number, parsed: ParsedReports): Promise<CollectOutcome>;
}

export interface CollectorRouteDeps {
  collector: CspCollector;
  rates: ReportRates;
}

export const CSP_REPORT_PATHS = ['/api/:projectId/csp-report/', '/api/:projectId/security/'] as const;

/** Takes one report request whose key and body the ingest plugin has checked; answers what was kept. */
export async function takeReports(
  request: FastifyRequest,
  reply: FastifyReply,
  body: Buffer,
  deps: CollectorRouteDeps,
): Promise<CollectOutcome> {
  const key = request.ingestKey;
  if (key === undefined) {
    throw new VigieError('missing_key');
  }
  request.ingestHold?.release();
  const userAgent = request.headers['user-agent'] ?? null;
  const parsed = parseReportBody(body, reportFormatOf(request.headers['content-type']), userAgent);
  await consume(deps.rates, key, parsed);
  const outcome = await deps.collector.collect(key.project_id, parsed);
  reply.header('access-control-allow-origin', '*');
  return outcome;
}

async function consume(rates: ReportRates, key: ProjectKey, parsed: ParsedReports): Promise<void> {
  let skipped = 0;
  for (const count of parsed.skipped.values()) skipped += count;
  await rates.consume(key, parsed.violations.length + skipped);
}

export const collectorRoutes: RoutePlugin<CollectorRouteDeps> = async (app, deps) => {
  for (const path of CSP_REPORT_PATHS) {
    app.post<{ Params: { projectId: string } }>(path, async (request, reply) => {
      const body = request.body;
      request.body = undefined;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw new VigieError('invalid_csp_report', {
          message:
            'The request body is empty; browsers send one CSP report (or an array of reports) per request.',
        });
      }
      return takeReports(request, reply, body, deps);
    });
  }
};
