// "Ask the team": post support's note about a customer or an issue to the project's escalation channel,
// and read back what was asked before (the alert history keeps each ask).

import { queryOptions } from '@tanstack/react-query';
import { api, ok } from '../../api/client.ts';
import type { BodyOf } from '../../api/types.ts';

export type EscalationInput = BodyOf<'/api/v1/projects/{id}/escalations', 'post'>;

export const askTheTeam = (projectId: number, body: EscalationInput) =>
  ok(api.POST('/api/v1/projects/{id}/escalations', { params: { path: { id: String(projectId) } }, body }));

/** The asks about this customer, or this issue, newest first. */
export const previousAsksQuery = (projectId: number, about: { customer?: string; issueId?: number }) =>
  queryOptions({
    queryKey: ['projects', projectId, 'alerts', 'asks', about.customer ?? null, about.issueId ?? null],
    queryFn: async () =>
      (
        await ok(
          api.GET('/api/v1/projects/{id}/alerts', {
            params: {
              path: { id: String(projectId) },
              query: {
                limit: 5,
                kind: 'escalation',
                ...(about.customer ? { customer: about.customer } : {}),
                ...(about.issueId !== undefined ? { issue: String(about.issueId) } : {}),
              },
            },
          }),
        )
      ).alerts,
    staleTime: 30_000,
  });
