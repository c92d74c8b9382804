// Values the search bar can complete that live in the database, always those of one project: its releases
// and environments (matching what is typed anywhere), its customers' ids and emails (starting with it), and
// the people and teams its issues can be assigned to.

import { type Kysely, sql } from 'kysely';
import { DAY_SPAN } from '../../storage/count-spans.ts';
import { escapeLike, likeInsensitive } from '../../storage/like.ts';
import type { Schema } from '../../storage/schema.ts';

type Db = Kysely<Schema>;

const containing = (typed: string) => `%${escapeLike(typed)}%`;

/** Releases containing the text, most recently seen first. */
export async function releaseValues(
  db: Db,
  projectId: number,
  typed: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('releases')
    .select('version')
    .where('project_id', '=', projectId)
    .where((eb) => likeInsensitive(eb.ref('version'), containing(typed)))
    .orderBy('last_seen', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.version);
}

/** Environments containing the text, most events first. */
export async function environmentValues(db: Db, projectId: number, typed: string, limit: number) {
  const rows = await db
    .selectFrom('project_counts')
    .select('environment')
    .where('project_id', '=', projectId)
    .where('span', '=', DAY_SPAN)
    .where('environment', '<>', '')
    .where((eb) => likeInsensitive(eb.ref('environment'), containing(typed)))
    .groupBy('environment')
    .orderBy(sql`sum(count)`, 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.environment);
}

/** How many index entries a customer completion reads at most: the events of a few dozen customers. */
const SCANNED = 2_000;

/**
 * Customer ids or emails starting with the text, seen in the project. A bounded walk of the events_user_id
 * (or events_user_email) index from the text on, then one probe per distinct value for the project: the
 * cost does not grow with the events table, at the price of missing values past the walk.
 */
export async function customerValues(
  db: Db,
  projectId: number,
  column: 'user_id' | 'user_email',
  typed: string,
  limit: number,
): Promise<string[]> {
  const walked = db
    .selectFrom('events')
    .select(`${column} as value`)
    .where(column, '>=', typed)
    .orderBy(column)
    .limit(SCANNED);
  const rows = await db
    .selectFrom(walked.as('walked'))
    .select('walked.value')
    .distinct()
    .where('walked.value', 'is not', null)
    .where(sql<boolean>`substr(walked.value, 1, ${typed.length}) = ${typed}`)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('events as e')
          .select(sql.lit(1).as('one'))
          .whereRef(`e.${column}`, '=', 'walked.value')
          .where('e.project_id', '=', projectId),
      ),
    )
    .orderBy('walked.value')
    .limit(limit)
    .execute();
  return rows.map((r) => r.value!);
}

/** Emails of the project's members (directly or through a team) and its teams' slugs. */
export async function assigneeValues(
  db: Db,
  projectId: number,
): Promise<{ emails: string[]; teams: string[] }> {
  const members = db.selectFrom('project_members').where('project_id', '=', projectId);
  const [users, teams] = await Promise.all([
    db
      .selectFrom('users')
      .select('email')
      .where('disabled_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('id', 'in', members.select('user_id').where('user_id', 'is not', null)),
          eb(
            'id',
            'in',
            eb
              .selectFrom('team_members')
              .select('team_members.user_id')
              .where(
                'team_members.team_id',
                'in',
                members.select('team_id').where('team_id', 'is not', null),
              ),
          ),
        ]),
      )
      .orderBy('email')
      .execute(),
    db
      .selectFrom('teams')
      .select('slug')
      .where('id', 'in', members.select('team_id').where('team_id', 'is not', null))
      .orderBy('slug')
      .execute(),
  ]);
  return { emails: users.map((u) => u.email), teams: teams.map((t) => t.slug) };
}
