// The world the authorization matrix runs in: two projects ("own", where every role under test is
// a member, and "other", where none is), each with an issue from a real Sentry event, a customer,
// a team and GitHub settings; one user per role with an admin-scope token (so roles alone limit
// them); and fresh things to act on for calls that consume what they touch.

import { randomBytes } from 'node:crypto';
import { insertNotification } from '../src/alerts/notifications.repository.ts';
import { hashPassword } from '../src/auth/password.ts';
import { createToken } from '../src/auth/token.repository.ts';
import { createUser } from '../src/auth/users.repository.ts';
import { insertDeploy } from '../src/deploys/deploys.repository.ts';
import { createKey, createProject } from '../src/projects/project.repository.ts';
import type { DialectName } from '../src/storage/dialect.ts';
import { setMember } from '../src/teams/members.repository.ts';
import { createTeam } from '../src/teams/teams.repository.ts';
import { call } from './auth-fixtures.ts';
import { type FakeGithub, startFakeGithub } from './github-fake.ts';
import { eventually, type RunningVigie, startVigie, TEST_PASSWORD_HASH_COST } from './support/app.ts';
import { envelopeOf, errorEvent } from './support/events.ts';

export const ROLES = [
  'owner',
  'admin',
  'member',
  'support',
  'viewer',
  'non-member',
  'instance-admin',
] as const;
export type Role = (typeof ROLES)[number];
export type Target = 'own' | 'other';

export const PASSWORD = 'matrix-password-1';

/** What a path or body may refer to, filled from the target project (and `fresh` for consuming calls). */
export interface Values {
  project: number;
  issue: number;
  /** A second issue of the same project (merge sources). */
  source: number;
  event: string;
  /** A customer key (`id:…`) whose events are in this project only, URL-encoded. */
  customer: string;
  team: string;
  member: number;
  fingerprint: string;
  user: number;
  token: number;
  /** A DSN key of the project. */
  key: number;
  /** An alert rule, an alert channel (a webhook, its project's escalation channel) and a dead delivery. */
  alertRule: number;
  alertChannel: number;
  alertDelivery: number;
  /** An uploaded source-map bundle. */
  bundle: number;
  /** The release of the project's events (errorEvent's default). */
  release: string;
}

export interface ProjectWorld {
  id: number;
  /** Appears in everything this project holds: a caller who may not read it must never see it. */
  marker: string;
  publicKey: string;
  customer: string;
  values: Values;
}

export interface World {
  vigie: RunningVigie;
  github: FakeGithub;
  projects: Record<Target, ProjectWorld>;
  users: Record<Role, { id: number; token: string }>;
  /** A viewer of both projects whom calls add, remove and assign without touching the roles under test. */
  bystander: number;
  /** A new issue in the project, optionally moved into a state first (`resolve`, `assign`, `link`). */
  newIssue(project: ProjectWorld, after?: 'resolve' | 'assign' | 'link'): Promise<number>;
  /** PUT the project's GitHub settings (a DELETE row removes them). */
  configureGithub(project: ProjectWorld): Promise<void>;
  stop(): Promise<void>;
}

type Db = RunningVigie['app']['vigie']['database']['db'];
type Ingest = (project: Omit<ProjectWorld, 'values'>) => Promise<{ issueId: number; eventId: string }>;

// Issues made ahead, this many at a time: sent together, their events share one group commit.
const INGEST_BATCH = 16;

/**
 * Hands out issues each made by a real Sentry event with a new fingerprint, sent into the project
 * and read back; they are made INGEST_BATCH at a time, as a fleet of SDKs would send them.
 */
function ingester(vigie: RunningVigie): Ingest {
  let counter = 0;
  const made = new Map<number, Array<{ issueId: number; eventId: string }>>();
  const ingestOne: Ingest = async (project) => {
    const n = ++counter;
    const event = errorEvent({
      type: `Matrix${n}Error`,
      value: `checkout failed for ${project.marker}`,
      fn: `step${n}`,
      userId: project.customer,
    });
    const url = `/api/${project.id}/envelope/?sentry_key=${project.publicKey}&sentry_version=7`;
    const sent = await vigie.fetch(url, { method: 'POST', body: envelopeOf(event) });
    if (sent.status !== 200) throw new Error(`ingest failed: ${sent.status}`);
    const eventId = event.event_id as string;
    const path = `/api/v1/events/${eventId}`;
    const found = await eventually(async () => {
      const r = await call<{ issueId: number }>(vigie, 'GET', path, { bearer: vigie.token });
      return r.status === 200 ? r.body : undefined;
    });
    return { issueId: found.issueId, eventId };
  };
  return async (project) => {
    let ready = made.get(project.id);
    if (!ready?.length) {
      ready = await Promise.all(Array.from({ length: INGEST_BATCH }, () => ingestOne(project)));
      made.set(project.id, ready);
    }
    return ready.shift()!;
  };
}

async function seedProject(db: Db, ingest: Ingest, label: Target): Promise<ProjectWorld> {
  const marker = `zq-${label}-${randomBytes(4).toString('hex')}`;
  const row = await createProject(db, `${label} shop ${marker}`);
  const key = await createKey(db, row.id);
  // The customer's id is not the marker: the lookup echoes the key it was asked for.
  const customer = `cust-${randomBytes(4).toString('hex')}`;
  const base = { id: row.id, marker, publicKey: key.public_key, customer };
  const first = await ingest(base);
  const second = await ingest(base);
  const team = await createTeam(db, `Team ${marker}`);
  await setMember(db, row.id, { teamId: team.id }, 'viewer');
  // A deploy named after the marker: the deploy lists, one project's or several's, must not leak it.
  await insertDeploy(db, {
    projectId: row.id,
    release: `${marker}@1`,
    environment: 'production',
    strategy: null,
    name: null,
    url: null,
    startedAt: null,
    finishedAt: Date.now(),
    createdBy: 'matrix',
    createdAt: Date.now(),
  });
  const values: Values = {
    project: row.id,
    issue: first.issueId,
    source: second.issueId,
    event: first.eventId,
    customer: encodeURIComponent(`id:${customer}`),
    team: team.slug,
    member: 0,
    fingerprint: 'none',
    user: 0,
    token: 0,
    key: key.id,
    alertRule: 0,
    alertChannel: 0,
    alertDelivery: 0,
    bundle: 0,
    release: 'shop@1.4.2',
  };
  return { ...base, values };
}

/** One user per role, a member of the own project only (instance admins of none), with an admin token. */
async function seedUsers(db: Db, own: ProjectWorld): Promise<World['users']> {
  const passwordHash = await hashPassword(PASSWORD, TEST_PASSWORD_HASH_COST);
  const users = {} as World['users'];
  for (const role of ROLES) {
    const isAdmin = role === 'instance-admin';
    const user = await createUser(db, { email: `${role}@matrix.example`, name: role, passwordHash, isAdmin });
    if (role !== 'non-member' && !isAdmin) await setMember(db, own.id, { userId: user.id }, role);
    const { token } = await createToken(db, { name: 'matrix', scopes: ['admin'], userId: user.id });
    users[role] = { id: user.id, token };
  }
  return users;
}

async function seedBystander(db: Db, projects: ProjectWorld[]): Promise<number> {
  const user = await createUser(db, {
    email: 'bystander@matrix.example',
    name: 'B',
    passwordHash: null,
    isAdmin: false,
  });
  for (const p of projects) {
    await setMember(db, p.id, { userId: user.id }, 'viewer');
    p.values.user = user.id;
  }
  return user.id;
}

const PREPARE_BODIES = {
  resolve: undefined,
  assign: { assignee: 'me' },
  link: { url: 'https://tracker.example/T-1' },
};

export async function buildWorld(dialect: DialectName): Promise<World> {
  const vigie = await startVigie(dialect, { VIGIE_SECRET_KEY: randomBytes(32).toString('hex') });
  const github = await startFakeGithub({ token: 'ghp_matrix', repositories: ['acme/shop'] });
  const { db } = vigie.app.vigie.database;
  const ingest = ingester(vigie);
  const projects = {
    own: await seedProject(db, ingest, 'own'),
    other: await seedProject(db, ingest, 'other'),
  };
  const users = await seedUsers(db, projects.own);
  const bystander = await seedBystander(db, Object.values(projects));

  const configureGithub = async (p: ProjectWorld) => {
    const body = { apiBaseUrl: github.url, repository: 'acme/shop', token: github.token };
    const path = `/api/v1/projects/${p.id}/github`;
    const r = await call(vigie, 'PUT', path, { bearer: vigie.token, body });
    if (r.status !== 200) throw new Error(`GitHub settings: ${r.status} ${r.text}`);
  };
  for (const p of Object.values(projects)) await configureGithub(p);
  for (const p of Object.values(projects)) Object.assign(p.values, await seedAlerts(vigie, p.id));

  const newIssue: World['newIssue'] = async (p, after) => {
    const { issueId } = await ingest(p);
    if (!after) return issueId;
    const body = PREPARE_BODIES[after];
    const r = await call(vigie, 'POST', `/api/v1/issues/${issueId}/${after}`, {
      bearer: users['instance-admin'].token,
      ...(body ? { body } : {}),
    });
    if (r.status !== 200) throw new Error(`${after} failed: ${r.status} ${r.text}`);
    return issueId;
  };

  const stop = async () => {
    await github.close();
    await vigie.stop();
  };
  return { vigie, github, projects, users, bystander, newIssue, configureGithub, stop };
}

/**
 * A webhook channel (to a name that never resolves: a test alert fails to send, and the call still
 * succeeds), made the escalation channel; a rule naming it; and a delivery that failed for good.
 */
export async function seedAlerts(vigie: RunningVigie, projectId: number) {
  const base = `/api/v1/projects/${projectId}`;
  const bearer = vigie.token;
  const channel = await call<{ id: number }>(vigie, 'POST', `${base}/alert-channels`, {
    bearer,
    body: { kind: 'webhook', name: 'hook', url: 'https://alerts.matrix.invalid/hook' },
  });
  if (channel.status !== 201) throw new Error(`alert channel: ${channel.status} ${channel.text}`);
  const alertChannel = channel.body.id;
  const settings = await call(vigie, 'PUT', `${base}/alert-settings`, {
    bearer,
    body: { falsePagesPerDay: 0.5, escalationChannelId: alertChannel },
  });
  if (settings.status !== 200) throw new Error(`alert settings: ${settings.status} ${settings.text}`);
  return {
    alertChannel,
    alertRule: await newAlertRule(vigie, projectId, alertChannel),
    alertDelivery: await newDeadDelivery(vigie, projectId, alertChannel),
  };
}

export async function newAlertRule(
  vigie: RunningVigie,
  projectId: number,
  channelId: number,
): Promise<number> {
  const rule = await call<{ id: number }>(vigie, 'POST', `/api/v1/projects/${projectId}/alert-rules`, {
    bearer: vigie.token,
    body: { name: 'matrix', conditions: [{ kind: 'new_issue' }], actions: [{ channelId }] },
  });
  if (rule.status !== 201) throw new Error(`alert rule: ${rule.status} ${rule.text}`);
  return rule.body.id;
}

export async function newDeadDelivery(
  vigie: RunningVigie,
  projectId: number,
  channelId: number,
): Promise<number> {
  const { db } = vigie.app.vigie.database;
  const message = {
    kind: 'test',
    dedupKey: 'matrix',
    title: 'matrix',
    projectName: '',
    ruleName: null,
    why: '',
    level: null,
    culprit: null,
    environment: null,
    release: null,
    counts: null,
    url: 'https://vigie.test/',
    details: {},
    occurredAt: new Date().toISOString(),
  } as const;
  const { deliveries } = await insertNotification(
    db,
    { projectId, ruleId: null, issueId: null, condition: 'test', message, atMs: Date.now() },
    [channelId],
  );
  await db
    .updateTable('alert_deliveries')
    .set({ status: 'dead' })
    .where('id', '=', deliveries[0]!.id)
    .execute();
  return deliveries[0]!.id;
}
