// Read API over issues and events: the list searched with the query language and sorted, with
// cursor paging; one issue with its latest event, occurrence series and fingerprint; its events;
// and an event by id.

import { Type } from 'typebox';
import { decodeCursor, decodeTextCursor, page, textPage } from '../api/cursor.ts';
import { EventDetail, EventSummary, errorResponses, IdParam, iso, PageQuery } from '../api/schemas.ts';
import { authorize, projectIdsFor, projectNotFound } from '../auth/access.ts';
import { VigieError } from '../errors.ts';
import type { RoutePlugin } from '../http.ts';
import { findProject } from '../projects/project.repository.ts';
import { issueWithLateMaps, withLateMaps } from '../sourcemaps/late-maps.ts';
import { issueBucketCounts } from '../stats/counts.repository.ts';
import { presentSparkline } from '../stats/series.presenter.ts';
import { Sparkline, SparklineQuery } from '../stats/series.schemas.ts';
import { periodRange } from '../stats/series.ts';
import { lastStatusChange } from './activity.repository.ts';
import { presentEvent, presentEventSummary } from './issue.presenter.ts';
import {
  countMatchingIssues,
  findEvent,
  getIssue,
  latestEvent,
  listIssueEvents,
  occurrenceSeries,
  SORT_COLUMNS,
  searchIssues,
} from './issue.repository.ts';
import { IssueDetail } from './issue-detail.schemas.ts';
import { issueNotFound } from './issue-errors.ts';
import { compileIssueSearch } from './search/compile-request.ts';
import { parseSort } from './search/parse.ts';
import { presentActivity } from './triage/activity.presenter.ts';
import { assigneeViews } from './triage/assignment.ts';
import { presentTriagedIssue, presentTriagedIssues } from './triage/triage.presenter.ts';
import { TriagedIssue } from './triage/triage.schemas.ts';

/** A page of the issue stream; with `stats`, each issue carries its sparkline. */
const IssueStreamPage = Type.Object({
  issues: Type.Array(Type.Intersect([TriagedIssue, Type.Object({ stats: Type.Optional(Sparkline) })])),
  next: Type.Union([Type.String(), Type.Null()]),
});

const ISSUE_STATUSES = ['unresolved', 'resolved', 'ignored', 'snoozed'] as const;
const LEVELS = ['fatal', 'error', 'warning', 'info', 'debug'] as const;

/** What selects issues, for the list and its count. */
const SearchFilters = {
  query: Type.Optional(
    Type.String({ description: 'Search query, e.g. is:unresolved level:error TypeError' }),
  ),
  status: Type.Optional(Type.Enum(ISSUE_STATUSES)),
  level: Type.Optional(Type.Enum(LEVELS)),
  release: Type.Optional(Type.String({ minLength: 1 })),
  environment: Type.Optional(Type.String({ minLength: 1 })),
};

/**
 * Counting stops here: past it the stream says "1,000+" rather than reading every match (and bulk actions by
 * query take 1,000 issues per request anyway).
 */
const COUNT_CAP = 1_000;

export const issuesRoutes: RoutePlugin = async (app, { database }) => {
  const { sourceMaps } = app.vigie;
  const { db } = database;

  app.get(
    '/api/v1/projects/:id/issues',
    {
      schema: {
        description:
          'Issues of a project matching a search query (issues merged into another are left out). Without ' +
          '`query` every status is listed; the weekly inbox is `is:unresolved is:inbox`. `status`, `level`, ' +
          '`release` and `environment` are the same as the search terms of that name, ANDed with the query.',
        params: IdParam,
        querystring: Type.Object({
          ...SearchFilters,
          sort: Type.Optional(
            Type.String({
              description:
                'lastSeen (default), firstSeen, events, users, or owner (by suggested owner, no owner last, then lastSeen)',
            }),
          ),
          stats: SparklineQuery,
          ...PageQuery,
        }),
        response: {
          200: IssueStreamPage,
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const q = request.query;
      const project = await findProject(db, Number(id));
      if (!project) throw projectNotFound(id);
      await authorize(db, request.caller, project.id, 'read');
      const sort = q.sort === undefined ? 'lastSeen' : parseSort(q.sort);
      const where = await compileIssueSearch(db, q, request.caller);
      const limit = q.limit ?? 25;
      const byOwner = sort === 'owner';
      const cursor = byOwner ? decodeTextCursor(q.cursor) : decodeCursor(q.cursor);
      const rows = await searchIssues(db, { projectId: project.id, where, sort, cursor, limit });
      const column = SORT_COLUMNS[sort];
      const { items, next } = byOwner
        ? textPage(rows, limit, (r) => ({ text: r.owner_sort ?? '', at: r[column], id: r.id }))
        : page(rows, limit, (r) => ({ at: r[column], id: r.id }));
      const issues = presentTriagedIssues(items, await assigneeViews(db, items));
      if (q.stats === undefined) return { issues, next };
      // One query for the page's sparklines: the hourly or daily rollups of its issues.
      const range = periodRange(q.stats, undefined, Date.now());
      const counts = await issueBucketCounts(
        db,
        items.map((i) => i.id),
        range,
      );
      return {
        issues: issues.map((i) => ({ ...i, stats: presentSparkline(range, counts.get(i.id)) })),
        next,
      };
    },
  );

  app.get(
    '/api/v1/projects/:id/issues/count',
    {
      schema: {
        description: `How many issues the same search and filters as the list match, up to ${COUNT_CAP}.`,
        params: IdParam,
        querystring: Type.Object(SearchFilters),
        response: {
          200: Type.Object({
            count: Type.Integer({ description: `At most ${COUNT_CAP}.` }),
            capped: Type.Boolean({ description: `More than ${COUNT_CAP} issues match.` }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const project = await findProject(db, Number(id));
      if (!project) throw projectNotFound(id);
      await authorize(db, request.caller, project.id, 'read');
      const where = await compileIssueSearch(db, request.query, request.caller);
      const count = await countMatchingIssues(db, project.id, where, COUNT_CAP);
      return { count: Math.min(count, COUNT_CAP), capped: count > COUNT_CAP };
    },
  );

  app.get(
    '/api/v1/issues/:id',
    {
      schema: {
        description:
          'One issue as its page shows it: its triage state (assignee, resolution, snooze, inbox, external issue), ' +
          'who last changed its status, the issue it was merged into, its latest event, and its events per hour ' +
          'over 24 hours and per day over 30 days (GET …/series draws other ranges).',
        params: IdParam,
        response: { 200: IssueDetail, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const issue = await getIssue(db, Number(id));
      if (!issue) throw issueNotFound(id);
      await authorize(db, request.caller, issue.project_id, 'read', () => issueNotFound(id));
      const [assignees, change, latestRow, hours, days] = await Promise.all([
        assigneeViews(db, [issue]),
        lastStatusChange(db, issue.id),
        latestEvent(db, issue.id),
        occurrenceSeries(db, issue.id, 60, 24),
        occurrenceSeries(db, issue.id, 1440, 30),
      ]);
      // Mapping the latest event late may map the issue's culprit too: the page shows the mapped one.
      const mapped = await issueWithLateMaps(db, sourceMaps, issue, latestRow);
      const series = (points: typeof hours) => points.map((p) => ({ start: iso(p.startMs), count: p.count }));
      const changed = change ? presentActivity(change) : null;
      return {
        ...presentTriagedIssue(mapped.issue, assignees),
        mergedIntoId: issue.merged_into_id,
        lastStatusChange: changed
          ? {
              at: changed.at,
              actor: changed.actor,
              from: changed.from,
              to: changed.to,
              reason: changed.reason,
            }
          : null,
        latestEvent: mapped.latest ? presentEvent(mapped.latest) : null,
        stats: { last24Hours: series(hours), last30Days: series(days) },
      };
    },
  );

  app.get(
    '/api/v1/issues/:id/events',
    {
      schema: {
        params: IdParam,
        querystring: Type.Object(PageQuery),
        response: {
          200: Type.Object({
            events: Type.Array(EventSummary),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const q = request.query;
      const issue = await getIssue(db, Number(id));
      if (!issue) throw issueNotFound(id);
      await authorize(db, request.caller, issue.project_id, 'read', () => issueNotFound(id));
      const limit = q.limit ?? 25;
      const rows = await listIssueEvents(db, issue.id, decodeCursor(q.cursor), limit);
      const { items, next } = page(rows, limit, (r) => ({ at: r.timestamp, id: r.id }));
      return { events: items.map(presentEventSummary), next };
    },
  );

  app.get(
    '/api/v1/events/:eventId',
    {
      schema: {
        params: Type.Object({ eventId: Type.String({ pattern: '^[0-9a-fA-F-]{32,36}$' }) }),
        response: { 200: EventDetail, ...errorResponses },
      },
    },
    async (request) => {
      const eventId = request.params.eventId.replaceAll('-', '').toLowerCase();
      const event = await findEvent(db, eventId, await projectIdsFor(db, request.caller, 'read'));
      if (!event) throw new VigieError('not_found', { thing: 'Event', id: eventId });
      return presentEvent(await withLateMaps(db, sourceMaps, event));
    },
  );
};
