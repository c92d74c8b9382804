// The public URL the server last started with, kept in the database: the CLI runs in an environment of
// its own (often without the server's PORT), and reads it to print the DSNs the server answers to.

import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema.ts';

type Db = Kysely<Schema>;

const SETTING = 'public_url';

export interface ServedPublicUrl {
  url: string;
  /** Whether the server was given VIGIE_PUBLIC_URL, or derived the URL from the port it listened on. */
  fromEnv: boolean;
  /** Epoch ms of the start that wrote it. */
  at: number;
}

/** Written at each `vigie serve` start, once listening; with several instances, the last one to start wins. */
export async function saveServedPublicUrl(db: Db, served: ServedPublicUrl): Promise<void> {
  const value = JSON.stringify({ url: served.url, fromEnv: served.fromEnv });
  await db
    .insertInto('instance_settings')
    .values({ name: SETTING, value, updated_at: served.at })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value, updated_at: served.at }))
    .execute();
}

/** Undefined until a server has started on this database (or when the row is not one this code wrote). */
export async function loadServedPublicUrl(db: Db): Promise<ServedPublicUrl | undefined> {
  const row = await db
    .selectFrom('instance_settings')
    .select(['value', 'updated_at'])
    .where('name', '=', SETTING)
    .executeTakeFirst();
  if (!row) return undefined;
  const value: unknown = JSON.parse(row.value);
  if (typeof value !== 'object' || value === null) return undefined;
  const { url, fromEnv } = value as Record<string, unknown>;
  if (typeof url !== 'string' || typeof fromEnv !== 'boolean') return undefined;
  return { url, fromEnv, at: Number(row.updated_at) };
}
