// Transactions at ingest: counted per release, environment and minute, each weighted by 1 / its trace's
// sample rate (the envelope header's dynamic sampling context), never stored as events; malformed ones
// refused with a 400 that says what is wrong, oversized ones with a 413. Envelopes and /store/, as SDKs send
// them. On SQLite and PostgreSQL.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { envelopeOf, errorEvent, transactionEnvelope, transactionEvent } from './support/events.ts';

const MINUTE = 60_000;
const newSpanId = () => Math.random().toString(16).slice(2, 10).padEnd(16, '0');

describe.each(testDialects)('transactions at ingest on %s', (dialect) => {
  let vigie: RunningVigie;
  let key: string;
  beforeEach(async () => {
    vigie = await startVigie(dialect);
    key = new URL(vigie.dsn).username;
  });
  afterEach(async () => {
    await vigie.stop();
  });

  const envelope = (body: string) =>
    vigie.fetch(`/api/${vigie.projectId}/envelope/?sentry_key=${key}`, { method: 'POST', body });
  const store = (body: unknown) =>
    vigie.fetch(`/api/${vigie.projectId}/store/?sentry_key=${key}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
  const counts = async () =>
    (
      await vigie.app.vigie.database.db
        .selectFrom('transaction_counts')
        .select(['release', 'environment', 'minute', 'sampled', 'estimated'])
        .orderBy('release')
        .orderBy('environment')
        .orderBy('minute')
        .execute()
    ).map((r) => ({ ...r, sampled: Number(r.sampled), estimated: Number(r.estimated) }));
  const storedEvents = async () =>
    Number(
      (
        await vigie.app.vigie.database.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const errorOf = async (response: Response) => {
    const body = (await response.json()) as { error: { code: string; message: string } };
    return { status: response.status, code: body.error.code, message: body.error.message };
  };

  it('counts transactions per release, environment and minute, weighted by 1 / the trace sample rate', async () => {
    const at = Math.floor(Date.now() / MINUTE) * MINUTE - 5 * MINUTE + 1000;
    const t = (o: Parameters<typeof transactionEvent>[0] = {}) => transactionEvent({ timestamp: at, ...o });
    // Three traces sampled at 25%, one at 100%, one of another release, one in staging, one a minute later.
    for (let i = 0; i < 3; i++) expect((await envelope(transactionEnvelope([t()], '0.25'))).status).toBe(200);
    expect((await envelope(transactionEnvelope([t()], '1'))).status).toBe(200);
    expect((await envelope(transactionEnvelope([t({ release: 'shop@2.0.0' })], '0.5'))).status).toBe(200);
    expect((await envelope(transactionEnvelope([t({ environment: 'staging' })], '0.1'))).status).toBe(200);
    const answer = await envelope(transactionEnvelope([t({ timestamp: at + MINUTE })], '0.25'));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/) });

    const minute = Math.floor(at / MINUTE);
    expect(await counts()).toEqual([
      { release: 'shop@1.0.0', environment: 'production', minute, sampled: 4, estimated: 13 },
      { release: 'shop@1.0.0', environment: 'production', minute: minute + 1, sampled: 1, estimated: 4 },
      { release: 'shop@1.0.0', environment: 'staging', minute, sampled: 1, estimated: 10 },
      { release: 'shop@2.0.0', environment: 'production', minute, sampled: 1, estimated: 2 },
    ]);
    // Not events: nothing to triage, and the releases are known (the gate's default baseline reads them).
    expect(await storedEvents()).toBe(0);
    const { issues } = await vigie.api<{ issues: unknown[] }>(`/api/v1/projects/${vigie.projectId}/issues`);
    expect(issues).toEqual([]);
    const { releases } = await vigie.api<{ releases: Array<{ version: string }> }>(
      `/api/v1/projects/${vigie.projectId}/releases`,
    );
    expect(releases.map((r) => r.version).sort()).toEqual(['shop@1.0.0', 'shop@2.0.0']);
  });

  it('takes the rate from the trace context when the envelope header has none, else counts one request each', async () => {
    const withContextRate = transactionEvent();
    (withContextRate.contexts as { trace: Record<string, unknown> }).trace.data = {
      'sentry.sample_rate': 0.2,
    };
    expect((await envelope(transactionEnvelope([withContextRate]))).status).toBe(200);
    expect((await envelope(transactionEnvelope([transactionEvent()]))).status).toBe(200);
    // The header's rate wins over the context's.
    expect((await envelope(transactionEnvelope([withContextRate], '0.5'))).status).toBe(200);
    const rows = await counts();
    expect(rows.reduce((n, r) => n + r.sampled, 0)).toBe(3);
    expect(rows.reduce((n, r) => n + r.estimated, 0)).toBeCloseTo(5 + 1 + 2, 9);
  });

  it('counts the segment spans of span streaming (@sentry/node 11’s default) as transactions, and no other span', async () => {
    const end = Date.now() / 1000;
    const attributes = (release: string) => ({
      'sentry.release': { type: 'string', value: release },
      'sentry.environment': { type: 'string', value: 'production' },
      'sentry.segment.name': { type: 'string', value: 'GET /checkout' },
    });
    const span = (release: string, isSegment: boolean) => ({
      trace_id: 'a'.repeat(32),
      span_id: newSpanId(),
      name: 'GET /checkout',
      start_timestamp: end - 0.05,
      end_timestamp: end,
      status: 'ok',
      is_segment: isSegment,
      attributes: attributes(release),
    });
    // As the SDK's createStreamedSpanEnvelope writes it: the trace's DSC, one container of spans.
    const header = {
      sent_at: new Date().toISOString(),
      trace: { trace_id: 'a'.repeat(32), public_key: key, sample_rate: '0.25', sampled: 'true' },
    };
    const items = [span('api@1', true), span('api@1', false), span('api@1', false), span('api@1', true)];
    const body = [
      JSON.stringify(header),
      JSON.stringify({
        type: 'span',
        item_count: items.length,
        content_type: 'application/vnd.sentry.items.span.v2+json',
      }),
      JSON.stringify({ version: 2, items }),
      '',
    ].join('\n');
    expect((await envelope(body)).status).toBe(200);
    expect(await counts()).toEqual([expect.objectContaining({ release: 'api@1', sampled: 2, estimated: 8 })]);
    // A container Vigie cannot read is skipped, as other items it does not keep.
    expect((await envelope(`{}\n{"type":"span"}\n{"version":2,"items":"none"}\n`)).status).toBe(200);
    expect(await storedEvents()).toBe(0);
  });

  it('counts a transaction posted to /store/ and stores no event for it', async () => {
    const answer = await store(transactionEvent({ release: 'legacy@1' }));
    expect(answer.status).toBe(200);
    expect(await counts()).toEqual([
      expect.objectContaining({ release: 'legacy@1', environment: 'production', sampled: 1, estimated: 1 }),
    ]);
    expect(await storedEvents()).toBe(0);
  });

  it('skips a transaction without a release (requests are counted per release) and keeps its envelope’s event', async () => {
    const event = errorEvent({ release: 'shop@1.0.0' });
    const noRelease = transactionEvent();
    delete noRelease.release;
    const body = `${envelopeOf(event)}${JSON.stringify({ type: 'transaction' })}\n${JSON.stringify(noRelease)}\n`;
    expect((await envelope(body)).status).toBe(200);
    expect(await counts()).toEqual([]);
    expect(await storedEvents()).toBe(1);
  });

  it('refuses a malformed transaction or sample rate with a 400 that says what is wrong, and counts nothing', async () => {
    const refusals = [
      {
        body: transactionEnvelope([transactionEvent()], 'often'),
        code: 'invalid_transaction',
        message: /"trace\.sample_rate" must be a number above 0 and at most 1, like "0\.25"; got "often"/,
      },
      {
        body: transactionEnvelope([transactionEvent()], '0'),
        code: 'invalid_transaction',
        message: /"trace\.sample_rate" must be a number above 0 and at most 1/,
      },
      {
        body: transactionEnvelope([transactionEvent()], '1.5'),
        code: 'invalid_transaction',
        message: /got "1\.5"/,
      },
      {
        body: `{}\n{"type":"transaction"}\n[1,2]\n`,
        code: 'invalid_transaction',
        message: /^Transaction: the payload must be a JSON object, got \[1,2\]/,
      },
      {
        body: `{}\n{"type":"transaction"}\n${JSON.stringify({ ...transactionEvent(), type: 'error' })}\n`,
        code: 'invalid_transaction',
        message: /an item of type "transaction" holds an event of type "error"/,
      },
      { body: `{}\n{"type":"transaction"}\n{"release": \n`, code: 'invalid_json', message: /not valid JSON/ },
    ];
    for (const { body, code, message } of refusals) {
      const answer = await errorOf(await envelope(body));
      expect(answer, body).toEqual({ status: 400, code, message: expect.stringMatching(message) });
    }
    const tooBig = transactionEvent();
    tooBig.spans = [{ description: 'x'.repeat(1024 * 1024) }];
    expect(await errorOf(await envelope(transactionEnvelope([tooBig], '1')))).toEqual({
      status: 413,
      code: 'payload_too_large',
      message: expect.stringMatching(
        /Item 1 \(transaction\) is \d+ bytes, over the 1 MiB limit for one event/,
      ),
    });
    expect(await counts()).toEqual([]);
  });
});
