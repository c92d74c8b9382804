// Liveness and readiness for load balancers and orchestrators. Readiness fails from the moment
// shutdown begins, so traffic drains away before in-flight requests are finished.

import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../storage/database.ts';

export interface Lifecycle {
  shuttingDown: boolean;
}

export function healthRoutes(app: FastifyInstance, database: Database, lifecycle: Lifecycle): void {
  app.get('/livez', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    if (lifecycle.shuttingDown) return reply.status(503).send({ status: 'shutting_down' });
    try {
      await sql`select 1`.execute(database.db);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'database_unavailable' });
    }
  });
}
