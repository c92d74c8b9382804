// Liveness and readiness for load balancers and orchestrators. Readiness fails from the moment
// shutdown begins, so traffic drains away before in-flight requests are finished.

import { sql } from 'kysely';
import type { RoutePlugin } from '../http.ts';
import type { Database } from '../storage/database.ts';

/** Whether the server still takes traffic; set once, when shutdown begins. */
export interface Readiness {
  shuttingDown: boolean;
}

export interface HealthDeps {
  database: Database;
  readiness: Readiness;
}

export const healthRoutes: RoutePlugin<HealthDeps> = async (app, { database, readiness }) => {
  app.get('/livez', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    if (readiness.shuttingDown) return reply.status(503).send({ status: 'shutting_down' });
    try {
      await sql`select 1`.execute(database.db);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'database_unavailable' });
    }
  });
};
