// Every request captured from a real client (test/fixtures/real-clients), replayed byte for
// byte against a running Vigie: each is accepted and reads back correctly through the API.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { addFixtureKey, loadFixture, replay } from './support/fixtures.ts';

interface ApiEvent {
  eventId: string;
  title: string;
  level: string;
  release: string | null;
  environment: string | null;
  data: {
    platform: string;
    culprit: string | null;
    user: { id?: string; email?: string } | null;
    exceptions: Array<{
      type: string | null;
      frames: Array<{ function: string | null; inApp: boolean | null }>;
    }>;
  };
}

describe.each(testDialects)('real client captures replayed on %s', (dialect) => {
  let vigie: RunningVigie;
  beforeAll(async () => {
    vigie = await startVigie(dialect);
    // The captures carry the DSN key they were recorded with; give this project that key.
    await addFixtureKey(vigie);
  });
  afterAll(async () => {
    await vigie.stop();
  });

  const event = (id: string) =>
    eventually(() => vigie.api<ApiEvent>(`/api/v1/events/${id}`).catch(() => undefined));

  it('@sentry/node 11.12.0: chunked envelopes with a session and two events', async () => {
    const requests = loadFixture('sentry-javascript-node-11.12.0');
    const ids: string[] = [];
    for (const request of requests) {
      const response = await replay(vigie, request);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { id: string | null };
      if (body.id) ids.push(body.id);
    }
    expect(ids).toEqual(['7f06358f88fc46e3bfd2ffa1120cd2e5', 'ddca21582862403285db85f204d135c2']);
    const typeError = await event('ddca21582862403285db85f204d135c2');
    expect(typeError.title).toBe(
      "TypeError: Cannot read properties of undefined (reading 'number') for order 77812",
    );
    expect(typeError.release).toBe('shop@1.4.2');
    expect(typeError.environment).toBe('production');
    expect(typeError.data.user?.email).toBe('claire@example.com');
    const frames = typeError.data.exceptions[0]!.frames;
    expect(frames.at(-1)?.function).toBe('chargeCard');
    expect(frames.at(-1)?.inApp).toBe(true);
    const message = await event('7f06358f88fc46e3bfd2ffa1120cd2e5');
    expect(message.level).toBe('warning');

    const sessions = await vigie.app.vigie.database.db.selectFrom('sessions').selectAll().execute();
    expect(sessions).toMatchObject([
      { sid: '6814c828-9053-4086-9708-e342bc4259c8', release: 'shop@1.4.2', errors: 1 },
    ]);
  });

  it('sentry-python 1.9.10: gzip body on the legacy store endpoint', async () => {
    const [request] = loadFixture('sentry-python-1.9.10');
    const response = await replay(vigie, request!);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 'a258c1a0be5241068d0f472fabc79b9d' });
    const stored = await event('a258c1a0be5241068d0f472fabc79b9d');
    expect(stored.title).toBe("KeyError: 'INV-2201'");
    expect(stored.release).toBe('api@2.0.1');
    expect(stored.data.platform).toBe('python');
    expect(stored.data.user?.id).toBe('u-12');
    expect(stored.data.exceptions[0]!.frames.at(-1)?.function).toBe('load_invoice');
  });

  it('raven-ruby 3.1.2: base64 of zlib, protocol 5 with sentry_secret', async () => {
    const [request] = loadFixture('raven-ruby-3.1.2');
    const response = await replay(vigie, request!);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: '9dc18f570f1441d387413b292a47546a' });
    const stored = await event('9dc18f570f1441d387413b292a47546a');
    expect(stored.title).toBe('ArgumentError: cannot finish shooting a movie that is in_theaters');
    expect(stored.release).toBe('rails-app@5.3.0');
    expect(stored.data.platform).toBe('ruby');
    expect(stored.data.user?.email).toBe('lea@example.com');
  });

  it('stores a replayed event once, however often the SDK retries it', async () => {
    const [request] = loadFixture('sentry-python-1.9.10');
    for (let i = 0; i < 3; i++) expect((await replay(vigie, request!)).status).toBe(200);
    const { events } = await vigie.api<{ events: unknown[] }>(
      `/api/v1/issues/${(await vigie.api<{ issues: Array<{ id: number; title: string }> }>(`/api/v1/projects/${vigie.projectId}/issues`)).issues.find((i) => i.title.startsWith('KeyError'))!.id}/events`,
    );
    expect(events).toHaveLength(1);
  });
});
