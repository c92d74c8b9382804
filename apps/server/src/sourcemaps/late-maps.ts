// Events that arrived before their source maps are mapped when they are read, once: the mapped
// event replaces the stored one, so the next read (and the GitHub issue filed from it) has it. When
// that event is its issue's latest, the issue's culprit (taken from its minified frames) is mapped
// too, so the issue list, search and page name the original function and file.

import type { Kysely } from 'kysely';
import { decodePayload, encodePayload } from '../storage/payload.ts';
import type { Schema } from '../storage/schema.ts';
import { symbolicateLate } from './ingest-pass.ts';
import { keepLateMapping } from './late-maps.repository.ts';
import type { SourceMapStore } from './source-map-store.ts';

interface StoredEventRow {
  id: number;
  project_id: number;
  issue_id: number;
  event_id: string;
  payload: Uint8Array;
}

interface LateMapping<R> {
  row: R;
  /** The issue's culprit now, when this mapping changed it. */
  issueCulprit?: string | null;
}

async function mapLate<R extends StoredEventRow>(
  db: Kysely<Schema>,
  store: SourceMapStore,
  row: R,
): Promise<LateMapping<R>> {
  const event = decodePayload(row.payload);
  const mapped = await symbolicateLate(store, Number(row.project_id), event);
  if (!mapped) return { row };
  const payload = encodePayload(JSON.stringify(mapped));
  const culprit =
    mapped.culprit === event.culprit
      ? null
      : {
          issueId: Number(row.issue_id),
          eventId: row.event_id,
          minified: event.culprit,
          mapped: mapped.culprit,
        };
  const issueChanged = await keepLateMapping(db, Number(row.id), payload, culprit);
  return issueChanged
    ? { row: { ...row, payload }, issueCulprit: mapped.culprit }
    : { row: { ...row, payload } };
}

export async function withLateMaps<R extends StoredEventRow>(
  db: Kysely<Schema>,
  store: SourceMapStore,
  row: R,
): Promise<R> {
  return (await mapLate(db, store, row)).row;
}

/** The issue's page: its latest event mapped late, and the issue with the culprit that mapping gave it. */
export async function issueWithLateMaps<I extends { culprit: string | null }, R extends StoredEventRow>(
  db: Kysely<Schema>,
  store: SourceMapStore,
  issue: I,
  latest: R | undefined,
): Promise<{ issue: I; latest: R | undefined }> {
  if (!latest) return { issue, latest };
  const mapping = await mapLate(db, store, latest);
  return {
    issue: mapping.issueCulprit === undefined ? issue : { ...issue, culprit: mapping.issueCulprit },
    latest: mapping.row,
  };
}
