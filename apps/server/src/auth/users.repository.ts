// Users: people who log in to the dashboard or own API tokens. Emails are stored lower-cased and
// trimmed, so "Alice@Example.com" and "alice@example.com" are one account.

import type { Kysely } from 'kysely';
import { VigieError } from '../errors.ts';
import type { Schema, User } from '../storage/schema.ts';

type Db = Kysely<Schema>;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export interface NewUser {
  email: string;
  name: string;
  /** Already hashed (auth/password.ts); null for an account that cannot log in yet. */
  passwordHash: string | null;
  isAdmin: boolean;
}

/** Create a user; 409 `user_exists` when the email is taken. */
export async function createUser(db: Db, user: NewUser, now = Date.now()): Promise<User> {
  const email = normalizeEmail(user.email);
  const row = await db
    .insertInto('users')
    .values({
      email,
      name: user.name.trim() || email.split('@')[0]!,
      password_hash: user.passwordHash,
      is_admin: user.isAdmin ? 1 : 0,
      created_at: now,
      disabled_at: null,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    throw new VigieError('user_exists', { email }, { email });
  }
  return row;
}

export function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

export function findUser(db: Db, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Users by id, from `afterId` on; limit+1 rows so the caller can tell if there is a next page. */
export function listUsers(db: Db, afterId: number, limit: number): Promise<User[]> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit + 1)
    .execute();
}

export async function setPasswordHash(db: Db, userId: number, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

/** A user named in a request body by id or email; 400 `unknown_user` when there is none (or both/neither given). */
export async function userByRef(
  db: Db,
  ref: { userId?: number | undefined; email?: string | undefined },
): Promise<User> {
  if ((ref.userId === undefined) === (ref.email === undefined)) {
    throw new VigieError('invalid_user_ref');
  }
  const user =
    ref.userId !== undefined ? await findUser(db, ref.userId) : await findUserByEmail(db, ref.email!);
  if (!user) {
    const who = ref.userId !== undefined ? `id ${ref.userId}` : `email ${normalizeEmail(ref.email!)}`;
    throw new VigieError('unknown_user', { who });
  }
  return user;
}
