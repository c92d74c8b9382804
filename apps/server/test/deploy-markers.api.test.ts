// The deploys the dashboard draws on its graphs, read through the HTTP API: several projects' deploys at
// once (GET /deploys, for the projects page's sparklines) and one project's within a period, each with the
// project it belongs to; never a project the caller may not read; a backwards range is refused. Both
// databases.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../src/projects/project.repository.ts';
import { setMember } from '../src/teams/members.repository.ts';
import { addUser, call, userToken } from './auth-fixtures.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';

const HOUR = 3_600_000;

interface DeployAnswer {
  projectId: number;
  release: string;
  environment: string;
  finishedAt: string;
}
interface DeployPage {
  deploys: DeployAnswer[];
  next: string | null;
}

describe.each(testDialects)('deploy markers across projects on %s', (dialect) => {
  let vigie: RunningVigie;
  let shop: number;
  let blog: number;
  let secret: number;
  let memberToken: string;
  const now = Date.now();
  const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR).toISOString();

  const deploy = async (projectId: number, release: string, hoursAgo: number) => {
    const r = await call(vigie, 'POST', `/api/v1/projects/${projectId}/deploys`, {
      bearer: vigie.token,
      body: { release, environment: 'production', finishedAt: at(hoursAgo) },
    });
    expect(r.status, r.text).toBe(201);
  };
  const list = (path: string, bearer = vigie.token) => call<DeployPage>(vigie, 'GET', path, { bearer });
  const releases = (page: DeployPage) => page.deploys.map((d) => `${d.projectId} ${d.release}`);

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    const { db } = vigie.app.vigie.database;
    shop = vigie.projectId;
    blog = (await createProject(db, 'Blog')).id;
    secret = (await createProject(db, 'Payroll')).id;
    // A member of the shop, a viewer of the blog, nothing on payroll.
    const member = await addUser(vigie.app.vigie.database, {
      email: 'mia@example.com',
      role: 'member',
      projectId: shop,
    });
    await addUser(vigie.app.vigie.database, { email: 'other@example.com', role: 'member', projectId: blog });
    await setMember(db, blog, { userId: member.id }, 'viewer');
    memberToken = await userToken(vigie.app.vigie.database, member.id, ['read']);
    await deploy(shop, 'shop@1', 30);
    await deploy(shop, 'shop@2', 5);
    await deploy(blog, 'blog@7', 3);
    await deploy(secret, 'payroll@1', 2);
  }, 60_000);
  afterAll(async () => {
    await vigie?.stop();
  });

  it('lists the deploys of the projects named, newest first, each with its project, within the range', async () => {
    const r = await list(`/api/v1/deploys?project=${shop}&project=${blog}&start=${at(24)}&end=${at(0)}`);
    expect(r.status, r.text).toBe(200);
    expect(releases(r.body)).toEqual([`${blog} blog@7`, `${shop} shop@2`]);
    expect(r.body.deploys[0]).toMatchObject({ environment: 'production', finishedAt: at(3) });
  });

  it('lists every readable project without a project named, and pages across projects', async () => {
    const first = await list(`/api/v1/deploys?limit=2`, memberToken);
    expect(first.status, first.text).toBe(200);
    expect(releases(first.body)).toEqual([`${blog} blog@7`, `${shop} shop@2`]);
    expect(first.body.next).not.toBeNull();
    const second = await list(`/api/v1/deploys?limit=2&cursor=${first.body.next}`, memberToken);
    expect(releases(second.body)).toEqual([`${shop} shop@1`]);
    expect(second.body.next).toBeNull();
    // The instance administrator's token reads payroll too.
    const all = await list('/api/v1/deploys');
    expect(releases(all.body)).toContain(`${secret} payroll@1`);
  });

  it('answers 404 for a project the caller may not read, naming only that project', async () => {
    const r = await list(`/api/v1/deploys?project=${shop}&project=${secret}`, memberToken);
    expect(r.status).toBe(404);
    expect(r.text).toContain(`Project ${secret} does not exist`);
    expect(r.text).not.toContain('payroll@1');
  });

  it('refuses a range that ends before it starts, and a project id that is not a number', async () => {
    const backwards = await list(`/api/v1/deploys?start=${at(1)}&end=${at(2)}`);
    expect(backwards.status).toBe(400);
    expect(backwards.body).toMatchObject({ error: { code: 'invalid_series' } });
    expect(backwards.text).toContain('must be before end');
    const perProject = await list(`/api/v1/projects/${shop}/deploys?start=${at(1)}&end=${at(2)}`);
    expect(perProject.status).toBe(400);
    const word = await list('/api/v1/deploys?project=shop');
    expect(word.status).toBe(400);
    expect(word.text).toContain('project');
  });

  it("gives each project's own deploy list the project id too", async () => {
    const r = await list(`/api/v1/projects/${shop}/deploys?start=${at(10)}`);
    expect(r.status, r.text).toBe(200);
    expect(releases(r.body)).toEqual([`${shop} shop@2`]);
  });
});
