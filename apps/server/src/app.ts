// Builds the Vigie HTTP application from a Config. Never listens: main.ts does, and tests use
// inject() or listen on port 0.

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { deliveryDepsOf } from './alerts/alert-deps.ts';
import { alertHistoryRoutes } from './alerts/alert-history.routes.ts';
import { alertsRoutes } from './alerts/alerts.routes.ts';
import { escalationRoutes } from './alerts/escalation.routes.ts';
import { registerOpenApi } from './api/openapi.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { requireBearerToken } from './auth/bearer.ts';
import { loginRoutes } from './auth/login.routes.ts';
import { API_SECURITY_SCHEMES } from './auth/security-schemes.ts';
import { setupRoutes } from './auth/setup.routes.ts';
import type { Config } from './config/config.ts';
import { collectReports } from './csp/collector.ts';
import { cspRoutes } from './csp/csp.routes.ts';
import { expireCspData } from './csp/reports.repository.ts';
import { customersRoutes } from './customers/customers.routes.ts';
import { deploysRoutes } from './deploys/deploys.routes.ts';
import { flaggerRoutes } from './deploys/flagger.routes.ts';
import { gateRoutes } from './deploys/gate.routes.ts';
import { sentryDeploysRoutes } from './deploys/sentry-deploys.routes.ts';
import { compileScrubRules } from './grouping/scrub.ts';
import { refuseWhileDraining } from './health/draining.ts';
import { healthRoutes, type Readiness } from './health/health.routes.ts';
import type { App, RouteDeps, RoutePlugin } from './http.ts';
import { installErrorHandlers, sendError } from './http-errors.ts';
import { ingestRoutes } from './ingest/ingest.routes.ts';
import { LocalKeyRates, SharedKeyRates } from './ingest/key-rate.ts';
import { IngestKeys } from './ingest/keys.ts';
import { EventWriter } from './ingest/writer.ts';
import { githubRoutes } from './integrations/github.routes.ts';
import { issueStatsRoutes } from './issues/issue-stats.routes.ts';
import { issuesRoutes } from './issues/issues.routes.ts';
import { runLifecycleTick } from './issues/lifecycle/lifecycle-tick.ts';
import { mergeRoutes } from './issues/merge/merge.routes.ts';
import { completionRoutes } from './issues/search/completion.routes.ts';
import { bulkQueryRoutes } from './issues/triage/bulk-query.routes.ts';
import { triageRoutes } from './issues/triage/triage.routes.ts';
import { alertDeliveryJob, spikeDetectionJob } from './jobs/alert-jobs.ts';
import { JobScheduler } from './jobs/scheduler.ts';
import { ownershipRoutes } from './ownership/ownership.routes.ts';
import { OWNERSHIP_JOB_INTERVAL_MS, runOwnershipJob } from './ownership/ownership-job.ts';
import { projectStatsRoutes } from './projects/project-stats.routes.ts';
import { projectsRoutes } from './projects/projects.routes.ts';
import { applyRetention } from './retention/event-retention.ts';
import { rotationRoutes } from './rotation/rotation.routes.ts';
import { addSecurityHeaders, applySecurityHeaders } from './security-headers.ts';
import { expireSourceMaps } from './sourcemaps/retention.ts';
import { sentryApiRoutes } from './sourcemaps/sentry-api.routes.ts';
import { SourceMapStore } from './sourcemaps/source-map-store.ts';
import { sourcemapsRoutes } from './sourcemaps/sourcemaps.routes.ts';
import { type Database, openDatabase } from './storage/database.ts';
import { teamsRoutes } from './teams/teams.routes.ts';
import { BUILT_DASHBOARD, dashboardRoutes } from './web/dashboard.ts';

declare module 'fastify' {
  interface FastifyInstance {
    vigie: {
      database: Database;
      writer: EventWriter;
      readiness: Readiness;
      jobs: JobScheduler;
      /** Uploaded source maps, parsed and cached: ingest and event reads symbolicate through it. */
      sourceMaps: SourceMapStore;
    };
  }
}

export interface BuildOptions {
  /** Use this database instead of opening config.database (the app then does not close it). */
  database?: Database;
  logger?: FastifyServerOptions['logger'];
  /** Serve this built dashboard instead of apps/web/dist (tests). */
  dashboardRoot?: string;
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<App> {
  const app: App = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    keepAliveTimeout: config.keepAliveTimeoutMs,
    // Node's server-wide socket inactivity timeout (server.timeout): off, as it would also cut a
    // request whose answer is slow to come. An idle keep-alive socket is closed after
    // keepAliveTimeout instead, and requestTimeout bounds how long a client may take to send a
    // whole request, so a slow one cannot hold a socket forever.
    connectionTimeout: 0,
    requestTimeout: 120_000,
    // Off: refuseWhileDraining answers in Vigie's shape, with Retry-After.
    return503OnClosing: false,
    trustProxy: config.trustProxy,
    ajv: { customOptions: { removeAdditional: true, coerceTypes: 'array', useDefaults: true } },
    // A URL the router cannot read gets the one error shape too, not Fastify's own; no hook runs for it.
    frameworkErrors: (error, request, reply) => {
      applySecurityHeaders(request, reply);
      return sendError(error, request, reply);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Off the request thread: a SQLite query must not hold up every other request while it runs.
  const database = options.database ?? openDatabase(config.database, { thread: true });
  const writer = new EventWriter(
    config.database,
    {
      commitIntervalMs: config.ingest.commitIntervalMs,
      queueLimit: config.ingest.queueLimit,
      queueBytes: config.ingest.queueBytes,
    },
    app.log,
  );
  const readiness: Readiness = { shuttingDown: false };
  const jobs = new JobScheduler(database, app.log);
  const sourceMaps = new SourceMapStore(database.db);
  // Snoozes that expire by date, escalation checks, new issues settling into ongoing.
  jobs.add({
    name: 'lifecycle-tick',
    intervalMs: 60_000,
    run: ({ nowMs }) => runLifecycleTick(database.db, nowMs).then(() => {}),
  });
  const alertDelivery = deliveryDepsOf(database, config);
  jobs.add(spikeDetectionJob(alertDelivery));
  jobs.add(alertDeliveryJob(alertDelivery, app.log));
  // Suggested owners of new and regressed issues, and of every issue of a project whose rules changed:
  // matched here, never on ingest's path.
  jobs.add({
    name: 'ownership',
    intervalMs: OWNERSHIP_JOB_INTERVAL_MS,
    run: ({ nowMs, signal }) => runOwnershipJob(database.db, { nowMs, signal }),
  });
  // Uploaded source maps nobody used for VIGIE_SOURCEMAPS_RETENTION_DAYS, and chunks left by an upload.
  jobs.add({
    name: 'sourcemaps-retention',
    intervalMs: 3600_000,
    run: ({ nowMs }) => expireSourceMaps(database.db, config.sourcemaps.retentionDays, nowMs).then(() => {}),
  });
  // Events, raw sessions, verdicts and transaction counts older than VIGIE_RETENTION_DAYS, in small batches.
  jobs.add({
    name: 'event-retention',
    intervalMs: 600_000,
    run: async ({ nowMs, signal }) => {
      const deleted = await applyRetention(database.db, config.retentionDays, nowMs, { signal });
      if (Object.values(deleted).some((n) => n > 0))
        app.log.info({ deleted }, 'retention: deleted old events');
    },
  });
  // CSP report detail past the policy builder's 7-day replay, and old per-minute and noise counts.
  jobs.add({
    name: 'csp-retention',
    intervalMs: 3600_000,
    run: ({ nowMs }) => expireCspData(database.db, nowMs),
  });
  app.decorate('vigie', { database, writer, readiness, jobs, sourceMaps });

  installErrorHandlers(app);
  addSecurityHeaders(app);
  refuseWhileDraining(app, readiness);
  await app.register(healthRoutes, { database, readiness });
  // Ingest answers SDKs at high rates: per-request logs only for warnings and errors.
  const keys = new IngestKeys(database.db, config.ingest.keyCacheTtlMs);
  // One instance on SQLite counts in memory; instances sharing PostgreSQL share the count.
  const rates = database.dialect === 'postgres' ? new SharedKeyRates(database.db) : new LocalKeyRates();
  await app.register(ingestRoutes, {
    keys,
    rates,
    writer,
    sourceMaps,
    csp: { collect: (projectId, parsed) => collectReports(database, projectId, parsed) },
    scrub: compileScrubRules(config.scrub),
    logLevel: 'warn',
  });
  // Before the API routes: the document collects routes as they are added.
  await registerOpenApi(app, { publicUrl: config.publicUrl, securitySchemes: API_SECURITY_SCHEMES });
  const deps: RouteDeps = { database, config };
  await app.register(loginRoutes, deps);
  await app.register(setupRoutes, deps);
  await app.register(apiRoutes, deps);
  await app.register(sentryApiRoutes, { ...deps, sourceMaps });
  await app.register(sentryDeploysRoutes, deps);
  // Outside the bearer-token scope: Flagger's webhooks send no headers, so the token comes in their metadata.
  await app.register(flaggerRoutes, deps);
  await app.register(dashboardRoutes, { root: options.dashboardRoot ?? BUILT_DASHBOARD });

  app.addHook('preClose', async () => {
    readiness.shuttingDown = true;
  });
  // After the server stopped taking requests and in-flight ones finished: flush, then close.
  app.addHook('onClose', async () => {
    await jobs.stop();
    await writer.close();
    if (!options.database) await database.close();
  });
  return app;
}

/** Every /api/v1 route but login's: the bearer-token hook guards this scope and nothing outside it. */
const apiRoutes: RoutePlugin = async (api, deps) => {
  requireBearerToken(api, deps.database);
  for (const routes of [
    projectsRoutes,
    projectStatsRoutes,
    issuesRoutes,
    issueStatsRoutes,
    completionRoutes,
    authRoutes,
    teamsRoutes,
    triageRoutes,
    bulkQueryRoutes,
    mergeRoutes,
    githubRoutes,
    customersRoutes,
    rotationRoutes,
    alertsRoutes,
    alertHistoryRoutes,
    escalationRoutes,
    ownershipRoutes,
    sourcemapsRoutes,
    cspRoutes,
    deploysRoutes,
    gateRoutes,
  ]) {
    await api.register(routes, deps);
  }
};
