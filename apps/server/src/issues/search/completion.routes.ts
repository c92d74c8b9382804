// GET /api/v1/projects/{id}/search/completions: what the search bar offers at the cursor, keys as they are
// typed and then the values of the key, each with the text to put in place of `from`..`to`.

import { type Static, Type } from 'typebox';
import { errorResponses, IdParam } from '../../api/schemas.ts';
import { authorize, projectNotFound } from '../../auth/access.ts';
import type { RoutePlugin } from '../../http.ts';
import { findProject } from '../../projects/project.repository.ts';
import type { Database } from '../../storage/database.ts';
import { assigneeValues, customerValues, environmentValues, releaseValues } from './completion.repository.ts';
import {
  type CompletionSpot,
  completionSpot,
  KEY_HINTS,
  matchingKeys,
  rankByPrefix,
  staticValues,
  writeValue,
} from './completion.ts';
import { MAX_QUERY_LENGTH } from './parse.ts';

const Completions = Type.Object({
  kind: Type.Union([Type.Literal('key'), Type.Literal('value'), Type.Literal('none')], {
    description:
      'What is being typed at the cursor: a key, a value of `key`, or nothing completion can help with.',
  }),
  key: Type.Union([Type.String(), Type.Null()]),
  from: Type.Integer({ description: 'Start (UTF-16 offset) of the text a suggestion replaces.' }),
  to: Type.Integer({ description: 'End (exclusive) of the text a suggestion replaces.' }),
  suggestions: Type.Array(
    Type.Object({
      text: Type.String({ description: 'What to put in place of from..to, quoted and escaped as needed.' }),
      label: Type.String(),
      description: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
type Suggestion = Static<typeof Completions>['suggestions'][number];

export const completionRoutes: RoutePlugin = async (app, { database }) => {
  const { db } = database;
  app.get(
    '/api/v1/projects/:id/search/completions',
    {
      schema: {
        description:
          "Completions for the issue search bar at `position` (default: the end of `query`): the language's keys, " +
          "then each key's values — fixed ones, and the project's releases, environments, customers and assignees.",
        params: IdParam,
        querystring: Type.Object({
          query: Type.String({ maxLength: MAX_QUERY_LENGTH }),
          position: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_QUERY_LENGTH })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
        }),
        response: { 200: Completions, ...errorResponses },
      },
    },
    async (request) => {
      const project = await findProject(db, Number(request.params.id));
      if (!project) throw projectNotFound(request.params.id);
      await authorize(db, request.caller, project.id, 'read');
      const { query, position, limit = 10 } = request.query;
      const spot = completionSpot(query, position);
      const suggestions = await suggest(database, project.id, spot, limit);
      return {
        kind: spot.kind,
        key: spot.kind === 'value' ? spot.key : null,
        from: spot.from,
        to: spot.to,
        suggestions,
      };
    },
  );
};

async function suggest(database: Database, projectId: number, spot: CompletionSpot, limit: number) {
  if (spot.kind === 'none') return [];
  if (spot.kind === 'key') {
    return matchingKeys(spot.prefix)
      .slice(0, limit)
      .map((key): Suggestion => ({ text: `${key}:`, label: key, description: KEY_HINTS[key] }));
  }
  const values = await valuesOf(database, projectId, spot.key, spot.prefix, limit);
  return values.map((value): Suggestion => ({ text: writeValue(value), label: value, description: null }));
}

async function valuesOf(
  { db }: Database,
  projectId: number,
  key: Extract<CompletionSpot, { kind: 'value' }>['key'],
  typed: string,
  limit: number,
): Promise<string[]> {
  const fixed = staticValues(key);
  if (fixed) return rankByPrefix(fixed, typed, limit);
  switch (key) {
    case 'release':
      return releaseValues(db, projectId, typed, limit);
    case 'environment':
      return environmentValues(db, projectId, typed, limit);
    case 'user.id':
      return customerValues(db, projectId, 'user_id', typed, limit);
    case 'user.email':
      return customerValues(db, projectId, 'user_email', typed, limit);
    case 'assigned':
    case 'owner': {
      const { emails, teams } = await assigneeValues(db, projectId);
      return rankByPrefix(['me', 'none', ...teams.map((slug) => `#${slug}`), ...emails], typed, limit);
    }
    default:
      return [];
  }
}
