// A request that waits for its commit no longer holds its body: under load a body kept until the
// answer outlives V8's young-generation collections, and tens of MB of such buffers pile up in the
// old generation before V8 collects them. On SQLite and PostgreSQL.

import type { IncomingMessage } from 'node:http';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { envelopeOf, errorEvent } from './support/events.ts';

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe.each(testDialects)('a request waiting for its commit on %s', (dialect) => {
  let vigie: RunningVigie;

  beforeAll(async () => {
    // Commits once a second (the longest interval allowed): time to look at a request while it waits.
    vigie = await startVigie(dialect, { VIGIE_COMMIT_INTERVAL_MS: '1000' });
  });
  afterAll(async () => {
    await vigie?.stop();
  });

  /** Posts `body` over HTTP; while the request waits for its commit, was its body collected? */
  async function sendAndCollect(
    path: string,
    body: string,
  ): Promise<{ bodyCollected: boolean; status: number }> {
    // Weak references to the body's chunks as Node's HTTP parser hands them to the request.
    const refs: Array<WeakRef<Buffer>> = [];
    const watch = (request: IncomingMessage) => {
      const push = request.push;
      request.push = function (chunk: unknown, encoding?: BufferEncoding) {
        if (Buffer.isBuffer(chunk)) refs.push(new WeakRef(chunk));
        return push.call(this, chunk, encoding);
      };
    };
    vigie.app.server.prependListener('request', watch);
    try {
      const url = new URL(vigie.dsn);
      const answer = fetch(`${vigie.baseUrl}/api${url.pathname}${path}?sentry_key=${url.username}`, {
        method: 'POST',
        body,
      });
      let answered = false;
      void answer.finally(() => {
        answered = true;
      });
      while (vigie.app.vigie.writer.pending === 0 && !answered) await turn();
      expect(answered, 'the request should still wait for its commit').toBe(false);
      await turn();
      gc();
      await turn();
      expect(refs.length).toBeGreaterThan(0);
      const bodyCollected = refs.every((ref) => ref.deref() === undefined);
      return { bodyCollected, status: (await answer).status };
    } finally {
      vigie.app.server.removeListener('request', watch);
    }
  }

  it('lets go of an envelope once it is parsed', async () => {
    const { bodyCollected, status } = await sendAndCollect('/envelope/', envelopeOf(errorEvent()));
    expect(bodyCollected).toBe(true);
    expect(status).toBe(200);
  });

  it('lets go of a legacy store payload once it is parsed', async () => {
    const { bodyCollected, status } = await sendAndCollect('/store/', JSON.stringify(errorEvent()));
    expect(bodyCollected).toBe(true);
    expect(status).toBe(200);
  });
});
