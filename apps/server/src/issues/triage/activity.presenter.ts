// An issue's activity log as the API shows it: every status change, review, assignment, link and comment, with
// who did it.

import { iso } from '../../api/schemas.ts';
import type { ActivityRow } from '../activity.repository.ts';
import type { ActivityEntry } from './triage.schemas.ts';

function parseData(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

const substatusIn = (value: unknown) => (typeof value === 'string' ? value : null);

export function presentActivity(row: ActivityRow): ActivityEntry {
  const { fromSubstatus, toSubstatus, ...data } = parseData(row.data);
  const type =
    row.actor_user_id !== null
      ? 'user'
      : row.actor_token_id !== null
        ? 'token'
        : typeof data.rule === 'object' && data.rule !== null
          ? 'rule'
          : 'system';
  return {
    id: row.id,
    kind: row.kind,
    at: iso(row.created_at),
    actor: { type, userId: row.actor_user_id, email: row.email ?? null, tokenId: row.actor_token_id },
    from:
      row.from_status === null ? null : { status: row.from_status, substatus: substatusIn(fromSubstatus) },
    to: row.to_status === null ? null : { status: row.to_status, substatus: substatusIn(toSubstatus) },
    reason: row.reason,
    data,
  };
}
