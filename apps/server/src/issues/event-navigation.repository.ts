// One event of an issue and the events around it in time (older, newer, the oldest and the latest), for
// paging through an issue's events one by one. Each is one lookup in events_issue_timestamp
// (issue_id, timestamp, id), ties on timestamp broken by id.

import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema.ts';

type Db = Kysely<Schema>;

/** `latest`, `oldest`, or an event id (32 lowercase hex digits). */
export type EventRef = 'latest' | 'oldest' | string;

export function issueEvent(db: Db, issueId: number, ref: EventRef) {
  const query = db.selectFrom('events').selectAll().where('issue_id', '=', issueId);
  if (ref === 'latest' || ref === 'oldest') {
    const direction = ref === 'latest' ? 'desc' : 'asc';
    return query.orderBy('timestamp', direction).orderBy('id', direction).limit(1).executeTakeFirst();
  }
  return query.where('event_id', '=', ref).executeTakeFirst();
}

export interface Neighbours {
  older: string | null;
  newer: string | null;
  oldest: string | null;
  latest: string | null;
}

export async function neighbours(
  db: Db,
  issueId: number,
  event: { timestamp: number; id: number },
): Promise<Neighbours> {
  const one = (direction: 'asc' | 'desc', from?: 'before' | 'after') => {
    let query = db.selectFrom('events').select('event_id').where('issue_id', '=', issueId);
    if (from) {
      const op = from === 'before' ? '<' : '>';
      query = query.where((eb) =>
        eb(eb.refTuple('timestamp', 'id'), op, eb.tuple(event.timestamp, event.id)),
      );
    }
    return query
      .orderBy('timestamp', direction)
      .orderBy('id', direction)
      .limit(1)
      .executeTakeFirst()
      .then((row) => row?.event_id ?? null);
  };
  const [older, newer, oldest, latest] = await Promise.all([
    one('desc', 'before'),
    one('asc', 'after'),
    one('asc'),
    one('desc'),
  ]);
  return { older, newer, oldest, latest };
}
