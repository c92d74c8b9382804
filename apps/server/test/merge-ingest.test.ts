// Merges and discards as ingest sees them: a merged fingerprint's next events land in the merge
// target, and a discarded fingerprint's next events are dropped and counted. On both databases.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { envelopeOf, errorEvent } from './support/events.ts';

interface ApiIssue {
  id: number;
  title: string;
  count: number;
  culprit: string | null;
}

describe.each(testDialects)('merged and discarded fingerprints at ingest on %s', (dialect) => {
  let vigie: RunningVigie;
  beforeAll(async () => {
    vigie = await startVigie(dialect);
  });
  afterAll(async () => {
    await vigie.stop();
  });

  const send = async (fn: string) => {
    const key = new URL(vigie.dsn).username;
    const event = errorEvent({ fn });
    const response = await vigie.fetch(`/api/${vigie.projectId}/envelope/?sentry_key=${key}`, {
      method: 'POST',
      body: envelopeOf(event),
    });
    expect(response.status).toBe(200);
    return event.event_id as string;
  };
  const issueOf = async (fn: string) =>
    eventually(async () => {
      const { issues } = await vigie.api<{ issues: ApiIssue[] }>(
        `/api/v1/projects/${vigie.projectId}/issues?limit=100`,
      );
      return issues.find((i) => i.culprit?.startsWith(`${fn}(`));
    });
  const post = (path: string, body: unknown) =>
    vigie.fetch(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${vigie.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('routes the next events of a merged fingerprint into the target issue', async () => {
    await send('placeOrder');
    await send('placeOrderV2');
    const target = await issueOf('placeOrder');
    const source = await issueOf('placeOrderV2');
    expect((await post(`/api/v1/issues/${target.id}/merge`, { issueIds: [source.id] })).status).toBe(200);

    const later = await send('placeOrderV2');
    const stored = await eventually(() =>
      vigie.api<{ issueId: number }>(`/api/v1/events/${later}`).catch(() => undefined),
    );
    expect(stored.issueId).toBe(target.id);
    const detail = await vigie.api<{ count: number }>(`/api/v1/issues/${target.id}`);
    expect(detail.count).toBe(3);
  });

  it('drops and counts the next events of a discarded fingerprint', async () => {
    await send('legacyExport');
    const issue = await issueOf('legacyExport');
    expect((await post(`/api/v1/issues/${issue.id}/discard`, {})).status).toBe(200);

    const dropped = [await send('legacyExport'), await send('legacyExport')];
    const { discarded } = await eventually(async () => {
      const list = await vigie.api<{ discarded: Array<{ title: string; dropped: number }> }>(
        `/api/v1/projects/${vigie.projectId}/discarded`,
      );
      return list.discarded[0]?.dropped === 2 ? list : undefined;
    });
    expect(discarded[0]!.title).toBe(issue.title);
    for (const id of dropped) {
      const response = await vigie.fetch(`/api/v1/events/${id}`, {
        headers: { authorization: `Bearer ${vigie.token}` },
      });
      expect(response.status).toBe(404);
    }
  });
});
