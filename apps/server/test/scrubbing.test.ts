// Data scrubbing on the way in, on SQLite and PostgreSQL: what real SDKs send with credentials in it
// (a captured sentry-python request; the live @sentry/node one is in sentry-node.e2e.test.ts) is
// stored with "[Filtered]" in their place; and
// VIGIE_SCRUB_FIELDS adds names of the operator's own.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { envelopeOf, errorEvent } from './support/events.ts';
import { addFixtureKey, FIXTURE_KEY, loadFixture, replay } from './support/fixtures.ts';

const F = '[Filtered]';

/** Every secret the captured request carries, as the SDK sent it. */
const PYTHON_SECRETS = [
  'eyJhbGciOiJIUzI1NiJ9.secret-jwt',
  'c00k13-5ecr3t',
  'xk_header_secret',
  'tok_query_secret',
  'ak_live_51HxQ',
  's3ss10n-5ecr3t',
  '4242424242424242',
  'hunter2-bc',
  'hunter2-local',
  'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
];

interface StoredEvent {
  data: {
    request: { headers: string[][]; cookies: string[][]; query_string: string[][] };
    user: Record<string, unknown>;
    tags: string[][];
    contexts: { payment: Record<string, unknown> };
    breadcrumbs: Array<{ data?: Record<string, unknown> }>;
    exceptions: Array<{ frames: Array<{ function: string; vars?: Record<string, unknown> }> }>;
    extra: Record<string, unknown>;
  };
}

describe.each(testDialects)('data scrubbing at ingest on %s', (dialect) => {
  let vigie: RunningVigie;
  beforeAll(async () => {
    vigie = await startVigie(dialect, { VIGIE_SCRUB_FIELDS: 'loyalty_number, Tax-Id' });
    await addFixtureKey(vigie);
  });
  afterAll(async () => {
    await vigie.stop();
  });

  const stored = (id: string) =>
    eventually(() => vigie.api<StoredEvent>(`/api/v1/events/${id}`).catch(() => undefined));

  it('stores the credentials of a real sentry-python request as [Filtered]', async () => {
    let eventId: string | undefined;
    for (const request of loadFixture('sentry-python-1.9.10-secrets')) {
      const response = await replay(vigie, request);
      expect(response.status).toBe(200);
      eventId ??= ((await response.json()) as { id: string }).id;
    }
    const { data } = await stored(eventId!);
    // Anywhere but in source lines: the app's source holds its test secrets as literals, and source
    // code is not data (Sentry does not scrub it either).
    const text = JSON.stringify(data, (key, value) =>
      /^(pre|post)Context$|^contextLine$/.test(key) ? undefined : value,
    );
    expect(PYTHON_SECRETS.filter((secret) => text.includes(secret))).toEqual([]);

    const header = (name: string) => data.request.headers.find(([k]) => k === name)?.[1];
    expect([header('Authorization'), header('X-Api-Key'), header('User-Agent')]).toEqual([
      F,
      F,
      'Python-urllib/3.11',
    ]);
    expect(data.request.cookies).toEqual([
      ['sessionid', F],
      ['theme', F],
    ]);
    expect(data.request.query_string).toEqual([
      ['order', '77812'],
      ['token', F],
    ]);
    expect(data.user).toMatchObject({ id: 'u-12', email: 'paul@example.com', api_key: F });
    expect(data.tags).toContainEqual(['session_id', F]);
    expect(data.contexts.payment).toMatchObject({ card_number: F, amount: 1999 });
    expect(data.breadcrumbs[0]?.data).toEqual({ password: F, user: 'paul' });
    const charge = data.exceptions[0]!.frames.find((f) => f.function === 'charge');
    expect(charge?.vars).toEqual({ card_number: F, password: F, api_key: F });
  });

  it('filters the field names VIGIE_SCRUB_FIELDS adds, whatever their case and separators', async () => {
    const event = { ...errorEvent(), extra: { loyaltyNumber: 'LN-77', tax_id: 'FR-12', basket: 3 } };
    const response = await vigie.fetch(`/api/${vigie.projectId}/envelope/?sentry_key=${FIXTURE_KEY}`, {
      method: 'POST',
      body: envelopeOf(event),
    });
    const { id } = (await response.json()) as { id: string };
    const { data } = await stored(id);
    expect(data.extra).toEqual({ loyaltyNumber: F, tax_id: F, basket: 3 });
  });
});
