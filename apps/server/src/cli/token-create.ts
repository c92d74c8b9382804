// `vigie token create`: a service token for scripts and CI. It acts on the projects named with
// --project, or on every project (those created later too), within its scopes; what it can do and
// where is printed with it, so nobody finds out later that a token sees nothing.

import { parseArgs } from 'node:util';
import { SCOPES, type Scope } from '../auth/roles.ts';
import { createToken } from '../auth/token.repository.ts';
import { findProject } from '../projects/project.repository.ts';
import { type Command, UsageError, withDatabase } from './command.ts';

const CAN: Record<Scope, string> = {
  read: 'read issues and events, look up customers',
  triage: 'read issues and events, look up customers, triage (resolve, ignore, snooze, assign, merge…)',
  admin: 'everything, project settings, members and DSN keys included',
};

export const tokenCreate: Command = {
  usage: 'vigie token create [--name NAME] [--scope read|triage|admin]… [--project ID|SLUG]…',
  example: 'vigie token create --name ci --scope read --project web-shop',
  async run(config, args, out) {
    const { values } = parseArgs({
      args,
      options: {
        name: { type: 'string' },
        scope: { type: 'string', multiple: true },
        project: { type: 'string', multiple: true },
      },
    });
    const scopes = (values.scope ?? ['admin']) as Scope[];
    const bad = scopes.filter((s) => !SCOPES.includes(s));
    if (bad.length) throw new UsageError(`unknown scope ${bad.join(', ')}: use read, triage or admin`);
    await withDatabase(config, async ({ db }) => {
      const projects = [];
      for (const ref of values.project ?? []) {
        const project = await findProject(db, ref);
        if (!project) throw new UsageError(`no project "${ref}"`);
        projects.push(project);
      }
      const projectIds = projects.length ? projects.map((p) => p.id) : null;
      const created = await createToken(db, { name: values.name ?? 'cli', scopes, projectIds });
      const highest = SCOPES.filter((s) => scopes.includes(s)).at(-1)!;
      out(`token: ${created.token}`);
      out(`can: ${CAN[highest]}${highest === 'admin' && !projectIds ? ', and administer the instance' : ''}`);
      out(
        `on: ${projects.length ? projects.map((p) => `project ${p.id} (${p.slug})`).join(', ') : 'every project, including those created later'}`,
      );
    });
  },
};
