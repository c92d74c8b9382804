// The rows of the authorization matrix (authorization-matrix.test.ts): one per /api/v1 route, with
// what it requires and, for calls that consume what they touch, how to make a fresh one. Adding a
// route means adding a line here.

import type { Capability } from '../src/auth/roles.ts';
import { createToken } from '../src/auth/token.repository.ts';
import { createUser } from '../src/auth/users.repository.ts';
import { createKey } from '../src/projects/project.repository.ts';
import { sha1 } from '../src/sourcemaps/artifact-bundle.ts';
import { storeBundle } from '../src/sourcemaps/artifacts.repository.ts';
import { setMember } from '../src/teams/members.repository.ts';
import { addTeamMember, findTeam } from '../src/teams/teams.repository.ts';
import { call } from './auth-fixtures.ts';
import {
  newAlertRule,
  newDeadDelivery,
  PASSWORD,
  type ProjectWorld,
  type Values,
  type World,
} from './authorization-matrix-world.ts';

/** What a route requires: a capability on the project it touches, on whichever projects it spans, or an identity. */
export type Access =
  | { kind: 'project'; capability: Capability }
  | { kind: 'across'; capability: Capability }
  | { kind: 'self' }
  | { kind: 'instance-admin' };

type Fresh = (w: World, p: ProjectWorld, who: { id: number; token: string }) => Promise<Partial<Values>>;

export interface Row {
  /** "METHOD /path" with {value} placeholders (see Values). */
  route: string;
  access: Access;
  /** A JSON body, or a function of the values for bodies that refer to them or must be unique. */
  body?: Record<string, unknown> | ((v: Values) => Record<string, unknown>);
  /** Creates what a successful call consumes; runs only for calls expected to succeed. */
  fresh?: Fresh;
}

const read: Access = { kind: 'project', capability: 'read' };
const triage: Access = { kind: 'project', capability: 'triage' };
const manage: Access = { kind: 'project', capability: 'manage' };
const self: Access = { kind: 'self' };
const instanceAdmin: Access = { kind: 'instance-admin' };
const across = (capability: Capability): Access => ({ kind: 'across', capability });

const unique = () => Math.random().toString(36).slice(2, 10);
const issue =
  (after?: 'resolve' | 'assign' | 'link'): Fresh =>
  async (w, p) => ({ issue: await w.newIssue(p, after) });
const twoIssues: Fresh = async (w, p) => ({ issue: await w.newIssue(p), source: await w.newIssue(p) });
const mergedFingerprint: Fresh = async (w, p) => {
  const [target, source] = [await w.newIssue(p), await w.newIssue(p)];
  const bearer = w.users['instance-admin'].token;
  const base = w.vigie;
  const detail = await call<{ fingerprint: { hash: string } }>(base, 'GET', `/api/v1/issues/${source}`, {
    bearer,
  });
  await call(base, 'POST', `/api/v1/issues/${target}/merge`, { bearer, body: { issueIds: [source] } });
  return { issue: target, fingerprint: detail.body.fingerprint.hash };
};
/** A rule no other row needs, and a channel no rule names: what a DELETE consumes. */
const alertRule: Fresh = async (w, p) => ({
  alertRule: await newAlertRule(w.vigie, p.id, p.values.alertChannel),
});
const alertChannel: Fresh = async (w, p) => {
  const made = await call<{ id: number }>(w.vigie, 'POST', `/api/v1/projects/${p.id}/alert-channels`, {
    bearer: w.vigie.token,
    body: { kind: 'webhook', name: 'spare', url: 'https://alerts.matrix.invalid/spare' },
  });
  return { alertChannel: made.body.id };
};
const deadDelivery: Fresh = async (w, p) => ({
  alertDelivery: await newDeadDelivery(w.vigie, p.id, p.values.alertChannel),
});
const member: Fresh = async (w, p) => {
  const { db } = w.vigie.app.vigie.database;
  const email = `m${unique()}@matrix.example`;
  const user = await createUser(db, { email, name: 'M', passwordHash: null, isAdmin: false });
  return { member: (await setMember(db, p.id, { userId: user.id }, 'viewer')).id };
};
const discarded: Fresh = async (w, p) => {
  const fingerprint = `fp${Math.random().toString(16).slice(2)}`;
  await w.vigie.app.vigie.database.db
    .insertInto('discarded_fingerprints')
    .values({ project_id: p.id, fingerprint, title: 'TypeError: gone', created_at: Date.now() })
    .execute();
  return { fingerprint };
};
const github: Fresh = async (w, p) => {
  await w.configureGithub(p);
  return {};
};
const ownToken: Fresh = async (w, _p, who) => {
  const created = await createToken(w.vigie.app.vigie.database.db, {
    name: 'x',
    scopes: ['read'],
    userId: who.id,
  });
  return { token: created.id };
};
const inTeam: Fresh = async (w, p) => {
  const { db } = w.vigie.app.vigie.database;
  await addTeamMember(db, (await findTeam(db, p.values.team))!.id, w.bystander);
  return {};
};

const dsnKey: Fresh = async (w, p) => ({ key: (await createKey(w.vigie.app.vigie.database.db, p.id)).id });

const sourceMapBundle: Fresh = async (w, p) => {
  const content = new TextEncoder().encode(`// ${unique()}`);
  const file = {
    url: '~/app.js',
    type: 'minified_source',
    debugId: null,
    sourcemap: null,
    content,
    checksum: sha1(content),
  };
  const bundle = { bundleId: null, release: null, dist: null, files: [file] };
  const id = await storeBundle(w.vigie.app.vigie.database.db, {
    projectId: p.id,
    kind: 'artifact_bundle',
    checksum: sha1(content),
    bundle,
    nowMs: Date.now(),
  });
  return { bundle: id };
};

export const ROWS: Row[] = [
  // Auth and account (auth/*.routes.ts)
  { route: 'GET /api/v1/auth/me', access: self },
  { route: 'POST /api/v1/auth/logout', access: self },
  {
    route: 'POST /api/v1/auth/password',
    access: self,
    body: { currentPassword: PASSWORD, newPassword: PASSWORD },
  },
  { route: 'POST /api/v1/tokens', access: self, body: { name: 'matrix', scopes: ['read'] } },
  { route: 'GET /api/v1/tokens', access: self },
  { route: 'DELETE /api/v1/tokens/{token}', access: self, fresh: ownToken },
  {
    route: 'POST /api/v1/users',
    access: instanceAdmin,
    body: () => ({ email: `u${unique()}@matrix.example` }),
  },
  { route: 'GET /api/v1/users', access: instanceAdmin },
  // Teams and members (teams/*.routes.ts)
  { route: 'GET /api/v1/teams', access: self },
  { route: 'POST /api/v1/teams', access: instanceAdmin, body: () => ({ name: `Team ${unique()}` }) },
  { route: 'POST /api/v1/teams/{team}/members', access: instanceAdmin, body: (v) => ({ userId: v.user }) },
  { route: 'DELETE /api/v1/teams/{team}/members/{user}', access: instanceAdmin, fresh: inTeam },
  { route: 'GET /api/v1/projects/{project}/members', access: read },
  {
    route: 'PUT /api/v1/projects/{project}/members',
    access: manage,
    body: (v) => ({ userId: v.user, role: 'viewer' }),
  },
  { route: 'DELETE /api/v1/projects/{project}/members/{member}', access: manage, fresh: member },
  // Projects and the read API (projects.routes.ts, issues.routes.ts)
  { route: 'GET /api/v1/projects', access: across('read') },
  { route: 'GET /api/v1/projects?stats=24h', access: across('read') },
  { route: 'GET /api/v1/projects/{project}/keys', access: read },
  { route: 'POST /api/v1/projects/{project}/keys', access: manage, body: { label: 'matrix' } },
  { route: 'POST /api/v1/projects/{project}/keys/{key}/revoke', access: manage, fresh: dsnKey },
  { route: 'PATCH /api/v1/projects/{project}/keys/{key}', access: manage, body: { rateLimitPerMinute: 600 } },
  { route: 'GET /api/v1/projects/{project}/issues', access: read },
  { route: 'GET /api/v1/issues/{issue}', access: read },
  { route: 'GET /api/v1/issues/{issue}/events', access: read },
  { route: 'GET /api/v1/events/{event}', access: read },
  // What the dashboard's pages read (issue-stats.routes.ts, project-stats.routes.ts, completion.routes.ts)
  { route: 'GET /api/v1/projects/{project}/issues/count', access: read },
  { route: 'GET /api/v1/issues/{issue}/series', access: read },
  { route: 'GET /api/v1/issues/{issue}/tags', access: read },
  { route: 'GET /api/v1/issues/{issue}/events/{event}', access: read },
  { route: 'GET /api/v1/projects/{project}/series', access: read },
  { route: 'GET /api/v1/projects/{project}/environments', access: read },
  { route: 'GET /api/v1/projects/{project}/releases', access: read },
  { route: 'GET /api/v1/projects/{project}/search/completions?query=user.id:', access: read },
  // Triage (issues/triage.routes.ts, comments, inbox)
  {
    route: 'PATCH /api/v1/issues/{issue}',
    access: triage,
    body: { status: 'ignored' },
    fresh: issue(),
  },
  { route: 'POST /api/v1/issues/{issue}/resolve', access: triage, fresh: issue() },
  { route: 'POST /api/v1/issues/{issue}/unresolve', access: triage, fresh: issue('resolve') },
  { route: 'POST /api/v1/issues/{issue}/ignore', access: triage, fresh: issue() },
  {
    route: 'POST /api/v1/issues/{issue}/snooze',
    access: triage,
    body: { snooze: { kind: 'events', count: 100 } },
    fresh: issue(),
  },
  { route: 'POST /api/v1/issues/{issue}/review', access: triage, fresh: issue() },
  {
    route: 'POST /api/v1/issues/{issue}/assign',
    access: triage,
    body: { assignee: 'me' },
    fresh: issue(),
  },
  { route: 'POST /api/v1/issues/{issue}/unassign', access: triage, fresh: issue('assign') },
  {
    route: 'POST /api/v1/issues/{issue}/link',
    access: triage,
    body: { url: 'https://tracker.example/T-9' },
    fresh: issue(),
  },
  { route: 'DELETE /api/v1/issues/{issue}/link', access: triage, fresh: issue('link') },
  {
    route: 'POST /api/v1/projects/{project}/issues/bulk',
    access: triage,
    body: (v) => ({ ids: [v.issue], action: { type: 'ignore' } }),
    fresh: issue(),
  },
  {
    route: 'POST /api/v1/projects/{project}/issues/bulk-by-query',
    access: triage,
    body: { query: 'is:unresolved', action: { type: 'review' } },
  },
  {
    route: 'POST /api/v1/issues/{issue}/comments',
    access: triage,
    body: { text: 'Seen in checkout, looking.' },
  },
  { route: 'GET /api/v1/issues/{issue}/activity', access: read },
  { route: 'GET /api/v1/projects/{project}/inbox', access: read },
  // Merge, discard (issues/merge.routes.ts, discard.routes.ts)
  {
    route: 'POST /api/v1/issues/{issue}/merge',
    access: triage,
    body: (v) => ({ issueIds: [v.source] }),
    fresh: twoIssues,
  },
  {
    route: 'POST /api/v1/issues/{issue}/unmerge',
    access: triage,
    body: (v) => ({ fingerprints: [v.fingerprint] }),
    fresh: mergedFingerprint,
  },
  { route: 'GET /api/v1/issues/{issue}/fingerprints', access: read },
  { route: 'POST /api/v1/issues/{issue}/discard', access: manage, fresh: issue() },
  { route: 'GET /api/v1/projects/{project}/discarded', access: read },
  { route: 'DELETE /api/v1/projects/{project}/discarded/{fingerprint}', access: manage, fresh: discarded },
  // GitHub (integrations/github.routes.ts)
  {
    route: 'PUT /api/v1/projects/{project}/github',
    access: manage,
    body: { repository: 'acme/shop' },
    fresh: github,
  },
  { route: 'GET /api/v1/projects/{project}/github', access: read, fresh: github },
  { route: 'DELETE /api/v1/projects/{project}/github', access: manage, fresh: github },
  {
    route: 'POST /api/v1/issues/{issue}/github',
    access: triage,
    body: { force: true },
    fresh: github,
  },
  // Support lookup (customers/customers.routes.ts)
  { route: 'GET /api/v1/customers?query={customer}', access: across('lookup') },
  { route: 'GET /api/v1/customers/{customer}/events', access: across('lookup') },
  // Rotation and report (rotation/*.routes.ts)
  { route: 'GET /api/v1/projects/{project}/rotation', access: read },
  { route: 'PUT /api/v1/projects/{project}/rotation', access: manage, body: { userIds: [] } },
  { route: 'GET /api/v1/projects/{project}/rotation/candidates', access: manage },
  { route: 'GET /api/v1/projects/{project}/triage-report', access: read },
  // Alerts (alerts/*.routes.ts)
  { route: 'GET /api/v1/projects/{project}/alert-rules', access: read },
  {
    route: 'POST /api/v1/projects/{project}/alert-rules',
    access: manage,
    body: { name: 'r', conditions: [{ kind: 'new_issue' }], actions: [{ channelKind: 'slack' }] },
  },
  {
    route: 'PUT /api/v1/projects/{project}/alert-rules/{alertRule}',
    access: manage,
    body: (v) => ({
      name: 'r',
      conditions: [{ kind: 'regression' }],
      actions: [{ channelId: v.alertChannel }],
    }),
  },
  { route: 'DELETE /api/v1/projects/{project}/alert-rules/{alertRule}', access: manage, fresh: alertRule },
  { route: 'POST /api/v1/projects/{project}/alert-rules/{alertRule}/test', access: manage },
  { route: 'GET /api/v1/projects/{project}/alert-channels', access: read },
  {
    route: 'POST /api/v1/projects/{project}/alert-channels',
    access: manage,
    body: { kind: 'slack', name: 's', url: 'https://hooks.matrix.invalid/services/T/B/X' },
  },
  {
    route: 'PUT /api/v1/projects/{project}/alert-channels/{alertChannel}',
    access: manage,
    body: { name: 'hook' },
  },
  {
    route: 'DELETE /api/v1/projects/{project}/alert-channels/{alertChannel}',
    access: manage,
    fresh: alertChannel,
  },
  { route: 'POST /api/v1/projects/{project}/alert-channels/{alertChannel}/test', access: manage },
  { route: 'GET /api/v1/projects/{project}/alert-settings', access: read },
  {
    route: 'PUT /api/v1/projects/{project}/alert-settings',
    access: manage,
    body: (v) => ({ falsePagesPerDay: 0.5, escalationChannelId: v.alertChannel }),
  },
  { route: 'GET /api/v1/projects/{project}/alerts', access: read },
  { route: 'GET /api/v1/projects/{project}/alert-deliveries', access: read },
  {
    route: 'POST /api/v1/projects/{project}/alert-deliveries/{alertDelivery}/retry',
    access: manage,
    fresh: deadDelivery,
  },
  { route: 'GET /api/v1/projects/{project}/spike-decisions', access: read },
  // Source maps (sourcemaps/sourcemaps.routes.ts)
  { route: 'GET /api/v1/projects/{project}/sourcemaps', access: read },
  { route: 'DELETE /api/v1/projects/{project}/sourcemaps/{bundle}', access: triage, fresh: sourceMapBundle },
  {
    route: 'POST /api/v1/projects/{project}/escalations',
    access: { kind: 'project', capability: 'lookup' },
    body: (v) => ({ note: 'help', issueId: v.issue }),
  },
  // Releases, deploys and the gate (deploys/deploys.routes.ts, deploys/gate.routes.ts)
  { route: 'GET /api/v1/projects/{project}/release-health', access: read },
  { route: 'GET /api/v1/projects/{project}/releases/{release}/health', access: read },
  {
    route: 'POST /api/v1/projects/{project}/deploys',
    access: triage,
    body: (v) => ({ release: v.release, environment: 'production', strategy: 'rolling' }),
  },
  { route: 'GET /api/v1/projects/{project}/deploys', access: read },
  { route: 'GET /api/v1/deploys', access: across('read') },
  { route: 'GET /api/v1/deploys?project={project}', access: read },
  { route: 'GET /api/v1/projects/{project}/gate?release={release}&baseline=shop@1.4.1', access: read },
  { route: 'GET /api/v1/projects/{project}/gate/verdicts', access: read },
  { route: 'GET /api/v1/projects/{project}/gate/settings', access: read },
  { route: 'PUT /api/v1/projects/{project}/gate/settings', access: manage, body: { minSessions: 50 } },
  // Ownership (ownership/ownership.routes.ts)
  { route: 'GET /api/v1/projects/{project}/ownership', access: read },
  {
    route: 'PUT /api/v1/projects/{project}/ownership',
    access: manage,
    body: { rules: 'path:src/** #nobody' },
  },
  {
    route: 'POST /api/v1/projects/{project}/ownership/codeowners',
    access: manage,
    body: { source: 'paste', text: 'src/ @acme/web' },
  },
  { route: 'DELETE /api/v1/projects/{project}/ownership/codeowners', access: manage },
  { route: 'PUT /api/v1/projects/{project}/ownership/handles', access: manage, body: { handles: [] } },
  {
    route: 'POST /api/v1/projects/{project}/ownership/preview',
    access: read,
    body: (v) => ({ issueId: v.issue, rules: 'path:** #nobody' }),
  },
  { route: 'GET /api/v1/projects/{project}/ownership/suggestions?ids={issue}', access: read },
  { route: 'GET /api/v1/issues/{issue}/owners', access: read },
  // Content Security Policy (csp/csp.routes.ts)
  {
    route: 'GET /api/v1/projects/{project}/csp/policy',
    access: read,
    fresh: async (w, p) => {
      await publishCsp(w, p);
      return {};
    },
  },
  { route: 'GET /api/v1/projects/{project}/csp/reports', access: read },
  { route: 'POST /api/v1/projects/{project}/csp/proposal', access: read, body: { mode: 'allowlist' } },
  {
    route: 'POST /api/v1/projects/{project}/csp/check',
    access: read,
    body: { policy: "default-src 'self'" },
  },
  { route: 'GET /api/v1/projects/{project}/csp/versions', access: read },
  {
    route: 'POST /api/v1/projects/{project}/csp/versions',
    access: manage,
    body: { enforce: null, reportOnly: "default-src 'self'" },
  },
  { route: 'GET /api/v1/projects/{project}/csp/decisions', access: read },
  {
    route: 'PUT /api/v1/projects/{project}/csp/decisions',
    access: triage,
    body: { directive: 'img-src', source: 'https://cdn.example', decision: 'accepted' },
  },
  {
    route: 'POST /api/v1/projects/{project}/csp/export',
    access: read,
    body: { policy: "default-src 'self'", format: 'nginx' },
  },
];

/** A published CSP version on the project, so that reading the live policy has something to read. */
async function publishCsp(w: World, p: ProjectWorld): Promise<void> {
  const r = await call(w.vigie, 'POST', `/api/v1/projects/${p.id}/csp/versions`, {
    bearer: w.users['instance-admin'].token,
    body: { enforce: null, reportOnly: "default-src 'self'" },
  });
  if (r.status !== 201) throw new Error(`publishing a CSP version failed: ${r.status} ${r.text}`);
}

/**
 * Served without authentication, so outside the matrix (auth-session.test.ts covers login,
 * setup-link.test.ts the first run's setup link).
 */
export const PUBLIC = [
  'POST /api/v1/auth/login',
  'GET /api/v1/setup/:token',
  'POST /api/v1/setup/:token',
  // Flagger's webhook authenticates itself (metadata.token or a bearer) and answers 412 for any verdict but
  // pass: deploys.api.test.ts checks who may call it.
  'POST /api/v1/projects/:id/gate/flagger',
];
