// The shape of a route module: an encapsulated Fastify plugin whose TypeBox schemas type its handlers.

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, FastifyPluginOptions } from 'fastify';
import type { Config } from './config/config.ts';
import type { Database } from './storage/database.ts';

export type App = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** What every /api/v1 route module gets. */
export interface RouteDeps {
  database: Database;
  config: Config;
}

/**
 * A route module, registered as `app.register(issuesRoutes, deps)`: the hooks and decorators it adds
 * stay inside it, and what it needs comes in as its options.
 */
export type RoutePlugin<Deps extends FastifyPluginOptions = RouteDeps> = FastifyPluginAsyncTypebox<Deps>;
