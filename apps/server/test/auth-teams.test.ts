// Teams and project membership over HTTP, on SQLite and PostgreSQL: a team's role on a project
// reaches its members, the strongest role wins, and only owners hand out or take away ownership.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, call, type TestUser, userToken } from './auth-fixtures.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';

type ErrorBody = { error: { code: string; message: string } };
interface Member {
  id: number;
  role: string;
  user: { email: string } | null;
  team: { slug: string } | null;
}
interface Team {
  slug: string;
  name: string;
  members: { email: string }[];
}

describe.each(testDialects)('teams and project members on %s', (dialect) => {
  let vigie: RunningVigie;
  let owner: { user: TestUser; token: string };
  let admin: { user: TestUser; token: string };
  let lea: { user: TestUser; token: string };
  const members = () => `/api/v1/projects/${vigie.projectId}/members`;
  const asAdmin = { bearer: '' };

  const person = async (email: string, role?: 'owner' | 'admin') => {
    const database = vigie.app.vigie.database;
    const user = await addUser(database, { email, ...(role ? { role, projectId: vigie.projectId } : {}) });
    return { user, token: await userToken(database, user.id, ['admin']) };
  };

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    asAdmin.bearer = vigie.token;
    owner = await person('olga@example.com', 'owner');
    admin = await person('adam@example.com', 'admin');
    lea = await person('lea@example.com');
  });
  afterAll(async () => {
    await vigie.stop();
  });

  it('gives every member of a team the role the team has on a project, and takes it back', async () => {
    const team = await call<Team>(vigie, 'POST', '/api/v1/teams', {
      ...asAdmin,
      body: { name: 'Checkout squad' },
    });
    expect(team.status).toBe(201);
    expect(team.body).toMatchObject({ slug: 'checkout-squad', name: 'Checkout squad', members: [] });
    const joined = await call<Team>(vigie, 'POST', '/api/v1/teams/checkout-squad/members', {
      ...asAdmin,
      body: { email: 'LEA@example.com' },
    });
    expect(joined.body.members.map((m) => m.email)).toEqual(['lea@example.com']);

    const issues = `/api/v1/projects/${vigie.projectId}/issues`;
    expect((await call(vigie, 'GET', issues, { bearer: lea.token })).status).toBe(404);
    const granted = await call<Member>(vigie, 'PUT', members(), {
      bearer: admin.token,
      body: { team: 'checkout-squad', role: 'member' },
    });
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ role: 'member', user: null, team: { slug: 'checkout-squad' } });
    expect((await call(vigie, 'GET', issues, { bearer: lea.token })).status).toBe(200);
    const teams = await call<{ teams: Team[] }>(vigie, 'GET', '/api/v1/teams', { bearer: lea.token });
    expect(teams.body.teams.map((t) => t.slug)).toEqual(['checkout-squad']);

    const left = await call(vigie, 'DELETE', `/api/v1/teams/checkout-squad/members/${lea.user.id}`, asAdmin);
    expect(left.status).toBe(204);
    expect((await call(vigie, 'GET', issues, { bearer: lea.token })).status).toBe(404);
  });

  it('uses the stronger of a user’s own role and their team’s', async () => {
    await call(vigie, 'POST', '/api/v1/teams', { ...asAdmin, body: { name: 'Support desk' } });
    await call(vigie, 'POST', '/api/v1/teams/support-desk/members', {
      ...asAdmin,
      body: { userId: lea.user.id },
    });
    await call(vigie, 'PUT', members(), {
      bearer: owner.token,
      body: { team: 'support-desk', role: 'support' },
    });
    const manage = { bearer: lea.token };
    const managersOnly = `/api/v1/projects/${vigie.projectId}/rotation/candidates`;
    expect((await call(vigie, 'GET', managersOnly, manage)).status).toBe(403);
    await call(vigie, 'PUT', members(), {
      bearer: owner.token,
      body: { email: lea.user.email, role: 'admin' },
    });
    expect((await call(vigie, 'GET', managersOnly, manage)).status).toBe(200);
  });

  it('lists members, changes a role in place, and removes a member', async () => {
    const max = await person('max@example.com');
    const added = await call<Member>(vigie, 'PUT', members(), {
      bearer: admin.token,
      body: { userId: max.user.id, role: 'viewer' },
    });
    const changed = await call<Member>(vigie, 'PUT', members(), {
      bearer: admin.token,
      body: { userId: max.user.id, role: 'member' },
    });
    expect(changed.body).toMatchObject({
      id: added.body.id,
      role: 'member',
      user: { email: 'max@example.com' },
    });
    const listed = await call<{ members: Member[] }>(vigie, 'GET', members(), { bearer: admin.token });
    expect(listed.body.members.filter((m) => m.user?.email === 'max@example.com')).toHaveLength(1);

    const removed = await call(vigie, 'DELETE', `${members()}/${added.body.id}`, { bearer: admin.token });
    expect(removed.status).toBe(204);
    const gone = await call(vigie, 'DELETE', `${members()}/${added.body.id}`, { bearer: admin.token });
    expect(gone.status).toBe(404);
  });

  it('lets only an owner grant ownership or change or remove an owner', async () => {
    const nina = await person('nina@example.com');
    const grant = await call<ErrorBody>(vigie, 'PUT', members(), {
      bearer: admin.token,
      body: { userId: nina.user.id, role: 'owner' },
    });
    expect(grant.status).toBe(403);
    expect(grant.body.error.code).toBe('owner_required');

    const list = await call<{ members: Member[] }>(vigie, 'GET', members(), { bearer: admin.token });
    const olga = list.body.members.find((m) => m.user?.email === 'olga@example.com')!;
    const demote = await call<ErrorBody>(vigie, 'PUT', members(), {
      bearer: admin.token,
      body: { email: 'olga@example.com', role: 'viewer' },
    });
    expect(demote.status).toBe(403);
    expect((await call(vigie, 'DELETE', `${members()}/${olga.id}`, { bearer: admin.token })).status).toBe(
      403,
    );

    const byOwner = await call<Member>(vigie, 'PUT', members(), {
      bearer: owner.token,
      body: { userId: nina.user.id, role: 'owner' },
    });
    expect(byOwner.status).toBe(200);
    expect(byOwner.body.role).toBe('owner');
  });

  it('explains a request that names no existing user or team, or both', async () => {
    const cases = [
      [{ email: 'ghost@example.com', role: 'viewer' }, 'unknown_user'],
      [{ team: 'ghosts', role: 'viewer' }, 'unknown_team'],
      [{ team: 'support-desk', userId: lea.user.id, role: 'viewer' }, 'invalid_member'],
      [{ role: 'viewer' }, 'invalid_user_ref'],
    ] as const;
    for (const [body, code] of cases) {
      const answer = await call<ErrorBody>(vigie, 'PUT', members(), { bearer: owner.token, body });
      expect(answer.status, code).toBe(400);
      expect(answer.body.error.code).toBe(code);
    }
  });

  it('refuses team changes from anyone but an instance administrator', async () => {
    const create = await call(vigie, 'POST', '/api/v1/teams', {
      bearer: owner.token,
      body: { name: 'Rogue' },
    });
    expect(create.status).toBe(403);
    const join = await call(vigie, 'POST', '/api/v1/teams/support-desk/members', {
      bearer: owner.token,
      body: { userId: owner.user.id },
    });
    expect(join.status).toBe(403);
    const dup = await call<ErrorBody>(vigie, 'POST', '/api/v1/teams', {
      ...asAdmin,
      body: { name: 'Support desk' },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('team_exists');
  });
});
