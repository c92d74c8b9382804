// Retention of uploads: a bundle goes once neither uploaded nor used to map an event for the
// configured days; chunks an interrupted upload left behind go after a day.

import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema.ts';
import { deleteExpired } from './artifacts.repository.ts';

const DAY_MS = 86_400_000;

export function expireSourceMaps(db: Kysely<Schema>, retentionDays: number, nowMs: number): Promise<number> {
  return deleteExpired(db, nowMs - retentionDays * DAY_MS, nowMs - DAY_MS);
}
