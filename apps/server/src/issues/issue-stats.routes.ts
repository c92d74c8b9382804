// What an issue page reads besides the issue: its occurrences as a series over a chosen range (with the
// project's release markers), its tag breakdown, and one of its events with the ids of its neighbours.

import { Type } from 'typebox';
import { errorResponses, IdParam } from '../api/schemas.ts';
import { VigieError } from '../errors.ts';
import type { RoutePlugin } from '../http.ts';
import { withLateMaps } from '../sourcemaps/late-maps.ts';
import { issueBucketCounts } from '../stats/counts.repository.ts';
import { Series, SeriesQuery } from '../stats/series.schemas.ts';
import { seriesRange } from '../stats/series.ts';
import { seriesWithReleases } from '../stats/series-with-releases.ts';
import { authorizedIssue } from './authorized-issue.ts';
import { issueEvent, neighbours } from './event-navigation.repository.ts';
import { presentEvent } from './issue.presenter.ts';
import { EventWithNavigation, TagBreakdown } from './issue-stats.schemas.ts';
import { orderTagKeys, presentTagBreakdown } from './tags.presenter.ts';
import { tagKeyTotals, topTagValues } from './tags.repository.ts';

export const issueStatsRoutes: RoutePlugin = async (app, { database }) => {
  const { sourceMaps } = app.vigie;
  const { db } = database;

  app.get(
    '/api/v1/issues/:id/series',
    {
      schema: {
        description:
          "The issue's events per bucket over a period ending now (`period`) or a range (`start`, `end`), " +
          'zero-filled, with the releases the project first saw in that range.',
        params: IdParam,
        querystring: Type.Object(SeriesQuery),
        response: { 200: Series, ...errorResponses },
      },
    },
    async (request) => {
      const issue = await authorizedIssue(database, request.caller, Number(request.params.id), 'read');
      const range = seriesRange(request.query, Date.now());
      const counts = issueBucketCounts(db, [issue.id], range).then((c) => c.get(issue.id));
      return seriesWithReleases(db, issue.project_id, range, counts);
    },
  );

  app.get(
    '/api/v1/issues/:id/tags',
    {
      schema: {
        description:
          "The issue's tags with their most frequent values, counts and shares: release, environment, browser, " +
          'os, url, server_name, user and every other tag its events carried.',
        params: IdParam,
        querystring: Type.Object({
          key: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only this tag.' })),
          limit: Type.Optional(
            Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'Values per tag.' }),
          ),
        }),
        response: { 200: TagBreakdown, ...errorResponses },
      },
    },
    async (request) => {
      const issue = await authorizedIssue(database, request.caller, Number(request.params.id), 'read');
      const { key, limit = 10 } = request.query;
      const totals = orderTagKeys(await tagKeyTotals(db, issue.id, key));
      const values = await topTagValues(
        db,
        issue.id,
        totals.map((t) => t.key),
        limit,
      );
      return presentTagBreakdown(totals, values);
    },
  );

  app.get(
    '/api/v1/issues/:id/events/:eventId',
    {
      schema: {
        description:
          'One event of the issue (`latest`, `oldest` or an event id) with the ids of the events before and after ' +
          'it, and of the first and latest, to page through the issue event by event.',
        params: Type.Object({
          id: IdParam.properties.id,
          eventId: Type.String({ pattern: '^(latest|oldest|[0-9a-fA-F]{32}|[0-9a-fA-F-]{36})$' }),
        }),
        response: { 200: EventWithNavigation, ...errorResponses },
      },
    },
    async (request) => {
      const issue = await authorizedIssue(database, request.caller, Number(request.params.id), 'read');
      const ref = request.params.eventId.replaceAll('-', '').toLowerCase();
      const event = await issueEvent(db, issue.id, ref);
      if (!event) {
        throw ref === 'latest' || ref === 'oldest'
          ? new VigieError('not_found', { message: `Issue ${issue.id} has no events.` })
          : new VigieError('not_found', { thing: 'Event', id: ref });
      }
      return {
        ...presentEvent(await withLateMaps(db, sourceMaps, event)),
        navigation: await neighbours(db, issue.id, event),
      };
    },
  );
};
