// First start on an empty database: a default project with a DSN key, and an admin API token
// (VIGIE_BOOTSTRAP_TOKEN if set). Safe when several instances start at once: the project's
// unique slug decides which one bootstraps. And, on every start until someone has an account, a
// one-time setup link to create the owner account in the dashboard.

import type { Kysely } from 'kysely';
import { createSetupLink, hasUsers } from '../auth/setup-link.repository.ts';
import { createToken } from '../auth/token.repository.ts';
import type { Schema } from '../storage/schema.ts';
import { createDefaultProject, createKey, dsnFor, hasProjects } from './project.repository.ts';

export interface FirstRun {
  projectId: number;
  dsn: string;
  token: string;
}

export async function bootstrapIfEmpty(
  db: Kysely<Schema>,
  options: { publicUrl: string; bootstrapToken: string | undefined },
): Promise<FirstRun | undefined> {
  if (await hasProjects(db)) return undefined;
  return db.transaction().execute(async (trx) => {
    const projectId = await createDefaultProject(trx);
    if (projectId === undefined) return undefined;
    const key = await createKey(trx, projectId);
    const { token } = await createToken(trx, {
      name: 'bootstrap admin',
      scopes: ['admin'],
      token: options.bootstrapToken,
    });
    return { projectId, dsn: dsnFor(options.publicUrl, key), token };
  });
}

/** The dashboard's page that creates the owner account, while no account exists; undefined after. */
export async function setupUrlIfNoAccount(
  db: Kysely<Schema>,
  publicUrl: string,
): Promise<string | undefined> {
  if (await hasUsers(db)) return undefined;
  return `${publicUrl}/setup/${await createSetupLink(db)}`;
}

/** Printed at a start while no account exists (the first start says it with the rest). */
export function setupMessage(setupUrl: string): string {
  return `
  Create the owner account of this Vigie (the link works once, for 7 days):

    ${setupUrl}
`;
}

/** What a newcomer needs on the console after the first start. */
export function firstRunMessage(
  run: FirstRun,
  publicUrl: string,
  tokenWasGiven: boolean,
  setupUrl?: string,
): string {
  const token = tokenWasGiven ? '(the VIGIE_BOOTSTRAP_TOKEN you set)' : run.token;
  const setup =
    setupUrl === undefined
      ? ''
      : `  Dashboard:   ${setupUrl}
               (open it to create the owner account; the link works once, for 7 days)
`;
  return `
  Vigie is ready. A default project was created.

  DSN:         ${run.dsn}
${setup}  Admin token: ${token}
               (shown once; keep it: the API needs "Authorization: Bearer <token>")

  Send errors from Node.js (npm install @sentry/node):

    import * as Sentry from '@sentry/node';
    Sentry.init({ dsn: '${run.dsn}' });

  Then read them back:

    curl -H 'Authorization: Bearer <token>' ${publicUrl}/api/v1/projects/${run.projectId}/issues
`;
}
