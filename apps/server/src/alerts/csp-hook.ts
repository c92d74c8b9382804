// The hook the CSP collector calls when a violation group appears under an enforced policy (issue 17 §6):
// either the policy broke something or someone is attacking. It writes an outbox row in the collector's
// own transaction; rules with the `csp_new_group` condition hear it and page through their channels.
// Report-only groups are the policy builder's business, not a page: only enforced ones go out.

import type { Kysely, Transaction } from 'kysely';
import { enqueueOutbox } from '../issues/activity.repository.ts';
import type { Schema } from '../storage/schema.ts';

/** The outbox topic; `signalOf` (rule.ts) reads it as the `csp_new_group` condition. */
export const CSP_NEW_VIOLATION_GROUP = 'csp.new_violation_group';

export interface NewViolationGroup {
  /** csp_groups.id */
  groupId: number;
  /** The directive violated, e.g. `script-src-elem`. */
  directive: string;
  /** An origin (`https://cdn.example.net`), a scheme (`data:`), or `inline`, `eval`, `wasm-eval`. */
  blocked: string;
  /** The document's path with ids replaced by `:id`, e.g. `/orders/:id`. */
  pagePattern: string;
  /** The published version whose enforced policy the first report quoted, if known. */
  policyVersion: number | null;
  /** True when the browser blocked it (an enforced policy's report); report-only groups are not sent. */
  enforced: boolean;
}

/**
 * Tells alerting that a new violation group appeared. Call it in the transaction that inserts the group,
 * once per group (when the insert created the row): the outbox row is committed with it or not at all.
 * @example
 * if (created) await notifyNewViolationGroup(trx, projectId, { groupId, directive, blocked, pagePattern, policyVersion, enforced: true }, nowMs);
 */
export async function notifyNewViolationGroup(
  db: Kysely<Schema> | Transaction<Schema>,
  projectId: number,
  group: NewViolationGroup,
  atMs: number,
): Promise<void> {
  if (!group.enforced) return;
  await enqueueOutbox(db, {
    topic: CSP_NEW_VIOLATION_GROUP,
    projectId,
    issueId: null,
    atMs,
    payload: { ...group },
  });
}

/** The group as the alert's message shows it, from the outbox row's payload. */
export function violationGroupOf(payload: Record<string, unknown>): NewViolationGroup | undefined {
  const { groupId, directive, blocked, pagePattern, policyVersion, enforced } = payload;
  if (typeof directive !== 'string' || typeof blocked !== 'string' || typeof pagePattern !== 'string')
    return undefined;
  return {
    groupId: typeof groupId === 'number' ? groupId : 0,
    directive,
    blocked,
    pagePattern,
    policyVersion: typeof policyVersion === 'number' ? policyVersion : null,
    enforced: enforced === true,
  };
}
