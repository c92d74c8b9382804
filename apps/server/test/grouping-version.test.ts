// A grouping change does not split issues: an issue made by grouping version 1 keeps taking the
// events whose version-1 fingerprint is its own, though version 2 fingerprints them otherwise.
// Through ingest, on SQLite and PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintBy, fingerprintEvent } from '../src/grouping/fingerprint.ts';
import { normalizeEvent } from '../src/grouping/normalize.ts';
import ruby from '../src/grouping/testdata/raven-ruby-3.1.2.json' with { type: 'json' };
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { newEventId, sendEvents } from './support/events.ts';

interface Issue {
  id: number;
  count: number;
  fingerprint: { strategy: string; summary: string; groupingVersion: number };
}

describe.each(testDialects)('grouping versions on %s', (dialect) => {
  let vigie: RunningVigie;
  beforeAll(async () => {
    vigie = await startVigie(dialect);
  });
  afterAll(async () => {
    await vigie.stop();
  });

  const send = (event: Record<string, unknown>) =>
    sendEvents(vigie, vigie.projectId, new URL(vigie.dsn).username, [event]);
  const issues = async () =>
    (await vigie.api<{ issues: Issue[] }>(`/api/v1/projects/${vigie.projectId}/issues`)).issues;
  const rubyEvent = () => ({
    ...structuredClone(ruby),
    event_id: newEventId(),
    timestamp: Date.now() / 1000,
  });

  it('routes an event to the issue version 1 made for it, and makes new issues by version 2', async () => {
    await send(rubyEvent());
    const [made] = await issues();
    expect(made?.fingerprint).toMatchObject({
      strategy: 'system',
      summary: 'Grouped by 2 frames, none in-app.',
      groupingVersion: 2,
    });
    // The same issue as version 1 made it, before the upgrade: its fingerprint was type and value.
    const normalized = normalizeEvent(rubyEvent(), { receivedAtMs: Date.now(), clockDriftMs: 0 });
    const v1 = fingerprintBy(normalized, 1);
    expect(fingerprintEvent(normalized).secondaryHash).toBe(v1.hash);
    await vigie.app.vigie.database.db
      .updateTable('issues')
      .set({ fingerprint: v1.hash, fingerprint_strategy: v1.strategy, grouping_version: 1 })
      .where('id', '=', made!.id)
      .execute();

    await send(rubyEvent());
    await send(rubyEvent());
    const after = await issues();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      id: made!.id,
      count: 3,
      fingerprint: { groupingVersion: 1, strategy: 'exception' },
    });
  });

  it("sends no event to an issue version 2 made because that issue's fingerprint is the event's version-1 one", async () => {
    // An event with nothing to group by: version 2 makes its `<empty event>` issue.
    await send({ event_id: newEventId(), timestamp: Date.now() / 1000, platform: 'node' });
    const empty = (await issues()).find((i) => i.fingerprint.strategy === 'fallback');
    expect(empty?.fingerprint.groupingVersion).toBe(2);
    // Version 1 put a non-Error value rejected in `<empty event>` too; version 2 groups it by its value.
    const rejection = (keys: string) => ({
      event_id: newEventId(),
      timestamp: Date.now() / 1000,
      platform: 'node',
      exception: {
        values: [
          {
            type: 'Error',
            value: `Object captured as exception with keys: ${keys}`,
            mechanism: { type: 'auto.node.onunhandledrejection', handled: false, synthetic: true },
          },
        ],
      },
    });
    await send(rejection('status'));
    await send(rejection('field'));
    const after = await issues();
    expect(after.find((i) => i.id === empty!.id)?.count).toBe(1);
    const rejections = after.filter(
      (i) => i.fingerprint.strategy === 'exception' && i.fingerprint.groupingVersion === 2,
    );
    expect(rejections.map((i) => i.count)).toEqual([1, 1]);
  });
});
