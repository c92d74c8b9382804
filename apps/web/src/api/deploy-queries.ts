// The deploys a graph marks when its own data does not carry them (the sparklines of the projects page,
// the issue stream and the CSP violations): one request for every project and the span drawn.

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TimeSpan } from '../ui/deploy-marks.ts';
import { api, ok } from './client.ts';
import type { ResponseOf } from './types.ts';

export type ProjectDeploy = ResponseOf<'/api/v1/deploys', 'get'>['deploys'][number];

const NONE: readonly ProjectDeploy[] = [];
/** A sparkline has room for fewer ticks than this; the API's page size caps it anyway. */
const MAX_DEPLOYS = 100;

export const deployMarksQuery = (projectIds: readonly number[], span: TimeSpan) =>
  queryOptions({
    queryKey: ['deploys', [...projectIds].sort((a, b) => a - b), span.startMs, span.endMs],
    queryFn: async ({ signal }) =>
      (
        await ok(
          api.GET('/api/v1/deploys', {
            params: {
              query: {
                project: [...projectIds],
                start: new Date(span.startMs).toISOString(),
                end: new Date(span.endMs).toISOString(),
                limit: MAX_DEPLOYS,
              },
            },
            signal,
          }),
        )
      ).deploys,
    staleTime: 30_000,
  });

/**
 * The deploys of these projects that finished within the span, newest first; none while they load, when
 * the span is unknown (no sparkline yet) or when the request fails (the graph is drawn without them).
 */
export function useDeployMarks(
  projectIds: readonly number[],
  span: TimeSpan | null,
): readonly ProjectDeploy[] {
  const query = useQuery({
    ...deployMarksQuery(projectIds, span ?? { startMs: 0, endMs: 0 }),
    enabled: span !== null && projectIds.length > 0,
  });
  return query.data ?? NONE;
}
