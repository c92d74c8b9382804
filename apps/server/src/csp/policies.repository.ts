// Published CSP policy versions (append-only: a version is never changed, rolling back publishes an older
// one again) and the team's decisions on proposed sources.

import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema.ts';

type Db = Kysely<Schema>;

export interface PolicyVersion {
  version: number;
  enforce: string | null;
  reportOnly: string | null;
  reportingEndpoints: string | null;
  note: string;
  publishedAt: number;
  publishedBy: string;
}

function toVersion(row: {
  version: number;
  enforce: string | null;
  report_only: string | null;
  reporting_endpoints: string | null;
  note: string;
  published_at: number;
  published_by: string;
}): PolicyVersion {
  return {
    version: Number(row.version),
    enforce: row.enforce,
    reportOnly: row.report_only,
    reportingEndpoints: row.reporting_endpoints,
    note: row.note,
    publishedAt: Number(row.published_at),
    publishedBy: row.published_by,
  };
}

export async function latestVersion(db: Db, projectId: number): Promise<PolicyVersion | undefined> {
  const row = await db
    .selectFrom('csp_policies')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : toVersion(row);
}

export async function listVersions(db: Db, projectId: number, limit = 100): Promise<PolicyVersion[]> {
  const rows = await db
    .selectFrom('csp_policies')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('version', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toVersion);
}

/**
 * Publishes the next version. Two publishers racing for the same number: the unique (project, version)
 * constraint refuses the second insert, which then retries with the next number.
 */
export async function publishVersion(
  db: Db,
  projectId: number,
  input: Omit<PolicyVersion, 'version'>,
): Promise<PolicyVersion> {
  for (let attempt = 0; ; attempt++) {
    const latest = await latestVersion(db, projectId);
    const version = (latest?.version ?? 0) + 1;
    try {
      await db
        .insertInto('csp_policies')
        .values({
          project_id: projectId,
          version,
          enforce: input.enforce,
          report_only: input.reportOnly,
          reporting_endpoints: input.reportingEndpoints,
          note: input.note,
          published_at: input.publishedAt,
          published_by: input.publishedBy,
        })
        .execute();
      return { ...input, version };
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

export type SourceDecision = 'accepted' | 'rejected' | 'ignored';

export interface DecisionRow {
  directive: string;
  source: string;
  decision: SourceDecision;
  decidedAt: number;
  decidedBy: string;
}

export async function listDecisions(db: Db, projectId: number): Promise<DecisionRow[]> {
  const rows = await db
    .selectFrom('csp_decisions')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('directive')
    .orderBy('source')
    .execute();
  return rows.map((r) => ({
    directive: r.directive,
    source: r.source,
    decision: r.decision as SourceDecision,
    decidedAt: Number(r.decided_at),
    decidedBy: r.decided_by,
  }));
}

export async function saveDecision(db: Db, projectId: number, row: DecisionRow): Promise<void> {
  await db
    .insertInto('csp_decisions')
    .values({
      project_id: projectId,
      directive: row.directive,
      source: row.source,
      decision: row.decision,
      decided_at: row.decidedAt,
      decided_by: row.decidedBy,
    })
    .onConflict((oc) =>
      oc.columns(['project_id', 'directive', 'source']).doUpdateSet({
        decision: row.decision,
        decided_at: row.decidedAt,
        decided_by: row.decidedBy,
      }),
    )
    .execute();
}

export async function deleteDecision(
  db: Db,
  projectId: number,
  directive: string,
  source: string,
): Promise<void> {
  await db
    .deleteFrom('csp_decisions')
    .where('project_id', '=', projectId)
    .where('directive', '=', directive)
    .where('source', '=', source)
    .execute();
}
