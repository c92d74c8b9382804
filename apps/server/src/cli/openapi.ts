// `vigie openapi`: prints the HTTP API's OpenAPI 3.1 document, as GET /api/openapi.json serves it,
// without a running server or a database (the dashboard's build generates its API types from it).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../app.ts';
import type { Command } from './command.ts';

export const openapiCommand: Command = {
  usage: 'vigie openapi',
  example: 'vigie openapi > openapi.json',
  async run(config, _args, out) {
    // The document comes from the routes' schemas; the app still wants a database to be built with.
    const dir = mkdtempSync(path.join(tmpdir(), 'vigie-openapi-'));
    try {
      const app = await buildApp(
        { ...config, database: { kind: 'sqlite', file: path.join(dir, 'vigie.sqlite') } },
        { logger: false },
      );
      await app.ready();
      out(JSON.stringify(app.swagger(), null, 2));
      await app.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
