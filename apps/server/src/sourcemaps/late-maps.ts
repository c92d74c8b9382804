// Events that arrived before their source maps are mapped when they are read, once: the mapped
// event replaces the stored one, so the next read (and the GitHub issue filed from it) has it.

import type { Kysely } from 'kysely';
import { decodePayload, encodePayload } from '../storage/payload.ts';
import type { Schema } from '../storage/schema.ts';
import { symbolicateLate } from './ingest-pass.ts';
import { updateEventPayload } from './late-maps.repository.ts';
import type { SourceMapStore } from './source-map-store.ts';

export async function withLateMaps<R extends { id: number; project_id: number; payload: Uint8Array }>(
  db: Kysely<Schema>,
  store: SourceMapStore,
  row: R,
): Promise<R> {
  const mapped = await symbolicateLate(store, Number(row.project_id), decodePayload(row.payload));
  if (!mapped) return row;
  const payload = encodePayload(JSON.stringify(mapped));
  await updateEventPayload(db, Number(row.id), payload);
  return { ...row, payload };
}
