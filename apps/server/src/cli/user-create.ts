// `vigie user create`: an account with a role, for the first users of an instance and for scripts.
// A project role applies to one project: the one given with --project, or the only project when
// there is exactly one (a fresh install); with several projects, --project is required rather
// than guessing or granting the role everywhere.

import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from '../auth/password.ts';
import { PROJECT_ROLES, type ProjectRole, type Scope } from '../auth/roles.ts';
import { createToken } from '../auth/token.repository.ts';
import { createUser, findUserByEmail, normalizeEmail } from '../auth/users.repository.ts';
import type { Config } from '../config/config.ts';
import { findProject, listProjects } from '../projects/project.repository.ts';
import { migrateToLatest, openDatabase } from '../storage/database.ts';
import type { Project, Schema } from '../storage/schema.ts';
import { setMember } from '../teams/members.repository.ts';
import { type Command, UsageError } from './command.ts';

const ROLES = [...PROJECT_ROLES, 'instance-admin'] as const;
type Role = (typeof ROLES)[number];

// A token made with the account acts with the scope its role can use at most.
const TOKEN_SCOPE: Record<Role, Scope> = {
  'instance-admin': 'admin',
  owner: 'admin',
  admin: 'admin',
  member: 'triage',
  support: 'read',
  viewer: 'read',
};

interface Options {
  email: string;
  name: string;
  role: Role;
  project: string | undefined;
  password: string | undefined;
  token: boolean;
}

function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      project: { type: 'string' },
      password: { type: 'string' },
      token: { type: 'boolean', default: false },
    },
  });
  if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email)) {
    throw new UsageError('user create needs --email ADDRESS');
  }
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) throw new UsageError(`user create needs --role ${ROLES.join('|')}`);
  if (role === 'instance-admin' && values.project !== undefined) {
    throw new UsageError('--role instance-admin applies to every project: leave out --project');
  }
  if (values.password !== undefined && values.password.length < MIN_PASSWORD_LENGTH) {
    throw new UsageError(`--password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  return {
    email: values.email,
    name: values.name ?? '',
    role,
    project: values.project,
    password: values.password,
    token: values.token ?? false,
  };
}

/** The project a project role is given on (see the module comment). */
async function projectFor(db: Kysely<Schema>, ref: string | undefined): Promise<Project> {
  if (ref !== undefined) {
    const project = await findProject(db, ref);
    if (!project) throw new UsageError(`no project "${ref}"`);
    return project;
  }
  const projects = await listProjects(db);
  if (projects.length === 1) return projects[0]!;
  const slugs = projects.map((p) => p.slug).join(', ') || 'none yet';
  throw new UsageError(`a project role needs --project ID|SLUG (projects: ${slugs})`);
}

export const userCreate: Command = {
  usage:
    'vigie user create --email EMAIL --role owner|admin|member|support|viewer|instance-admin [--project ID|SLUG] [--name NAME] [--password PASSWORD] [--token]',
  example: 'vigie user create --email ana@example.com --role member --project web-shop --token',
  async run(config: Config, args, out) {
    const options = parseOptions(args);
    const password = options.password ?? generatePassword();
    const passwordHash = await hashPassword(password, config.passwordHashCost);
    const database = openDatabase(config.database);
    try {
      await migrateToLatest(database);
      const created = await database.db.transaction().execute(async (trx) => {
        if (await findUserByEmail(trx, options.email)) {
          throw new UsageError(`a user with email ${normalizeEmail(options.email)} already exists`);
        }
        const isAdmin = options.role === 'instance-admin';
        const user = await createUser(trx, {
          email: options.email,
          name: options.name,
          passwordHash,
          isAdmin,
        });
        let where = 'an instance administrator';
        if (options.role !== 'instance-admin') {
          const project = await projectFor(trx, options.project);
          await setMember(trx, project.id, { userId: user.id }, options.role as ProjectRole);
          where = `${options.role} of project ${project.id} (${project.slug})`;
        }
        const scope = TOKEN_SCOPE[options.role];
        const token = options.token
          ? await createToken(trx, { name: 'cli', scopes: [scope], userId: user.id })
          : undefined;
        return { user, where, token };
      });
      out(`user ${created.user.id} (${created.user.email}) created: ${created.where}`);
      if (options.password === undefined) out(`password: ${password}`);
      if (created.token) out(`token: ${created.token.token}`);
    } finally {
      await database.close();
    }
  },
};
