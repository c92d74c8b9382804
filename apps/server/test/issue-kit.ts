// What the merge and discard tests do against a running Vigie: call the API, send events, and
// read issues back from its database.

import type { Issue } from '../src/storage/schema.ts';
import { call as callApi } from './auth-fixtures.ts';
import type { RunningVigie } from './support/app.ts';
import { sendEvents } from './support/events.ts';

export interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
}

/** `vigie` is read on each call, so the kit can be made before beforeAll starts Vigie. */
export function issueKit(vigie: () => RunningVigie) {
  const db = () => vigie().app.vigie.database.db;
  return {
    db,
    /** One API call, as the bootstrap admin unless `token` says otherwise. */
    call: async (method: string, url: string, body?: unknown, token?: string): Promise<Answer> => {
      const answer = await callApi<Answer['body']>(vigie(), method, url, {
        bearer: token ?? vigie().token,
        body,
      });
      return { status: answer.status, body: answer.body ?? {} };
    },
    send: (projectId: number, dsnKey: string, events: Array<Record<string, unknown>>) =>
      sendEvents(vigie(), projectId, dsnKey, events),
    /** The issue whose title contains `value`. */
    issueNamed: (value: string) =>
      db().selectFrom('issues').selectAll().where('title', 'like', `%${value}%`).executeTakeFirstOrThrow(),
    reload: (issue: Issue) =>
      db().selectFrom('issues').selectAll().where('id', '=', issue.id).executeTakeFirst(),
  };
}
