// Triage actions over HTTP. The primary style is Sentry's: PATCH /api/v1/issues/{id} with the fields to change.
// POST /api/v1/issues/{id}/{verb} does one action each (handy from a shell), and POST
// /api/v1/projects/{id}/issues/bulk does one action on many issues; all are thin over applyTriageAction.

import type { FastifyRequest } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { IdParam } from '../../api/schemas.ts';
import { authorize } from '../../auth/access.ts';
import { VigieError } from '../../errors.ts';
import type { App, RoutePlugin } from '../../http.ts';
import type { Database } from '../../storage/database.ts';
import { authorizeIssue } from '../authorized-issue.ts';
import { getChangedIssue, issuesByIds } from '../issue.repository.ts';
import { assigneeViews } from './assignment.ts';
import { commentsRoutes } from './comments.routes.ts';
import { inboxRoutes } from './inbox.routes.ts';
import { presentTriagedIssue, presentTriagedIssues } from './triage.presenter.ts';
import {
  AssigneeInput,
  BulkBody,
  BulkResults,
  ExternalUrl,
  IssuePatch,
  ResolutionInput,
  SnoozeInput,
  type TriageCommand,
  type TriageCommandType,
  TriagedIssue,
  triageErrorResponses,
} from './triage.schemas.ts';
import { applyTriageAction, checkBulkAction, unlinkIssue } from './triage-actions.ts';

type Db = Database['db'];

/** The issue as triage answers with it, once an action has changed it. */
async function triagedIssue(db: Db, issueId: number): Promise<TriagedIssue> {
  const row = await getChangedIssue(db, issueId);
  return presentTriagedIssue(row, await assigneeViews(db, [row]));
}

const invalidPatch = (message: string) => new VigieError('invalid_action', { message });

const STATUS_COMMANDS = { unresolved: 'unresolve', ignored: 'ignore' } as const;

/** The actions a PATCH body asks for, in the order they are applied; 400 for combinations that make no sense. */
export function commandsOfPatch(body: IssuePatch): TriageCommand[] {
  const { status, resolution, snooze, assignee, reviewed } = body;
  if (resolution && status !== 'resolved') throw invalidPatch('"resolution" goes with "status": "resolved".');
  if (snooze && status !== 'snoozed') throw invalidPatch('"snooze" goes with "status": "snoozed".');
  const commands: TriageCommand[] = [];
  if (status === 'resolved')
    commands.push(resolution ? { type: 'resolve', resolution } : { type: 'resolve' });
  else if (status === 'snoozed') {
    if (!snooze)
      throw invalidPatch(
        '"status": "snoozed" needs a "snooze" condition, e.g. {"kind": "events", "count": 100}.',
      );
    commands.push({ type: 'snooze', snooze });
  } else if (status) commands.push({ type: STATUS_COMMANDS[status] });
  // A status change is a review already; asking for both would fail the review as "already reviewed".
  if (reviewed && !status) commands.push({ type: 'review' });
  if (assignee !== undefined)
    commands.push(assignee === null ? { type: 'unassign' } : { type: 'assign', assignee });
  if (commands.length === 0) {
    throw invalidPatch('Nothing to change: send "status", "assignee" or "reviewed": true.');
  }
  return commands;
}

/** The body each verb route takes: the bulk action's fields without `type`. */
const VERB_BODIES: { readonly [V in TriageCommandType]: TSchema | null } = {
  resolve: Type.Object({ resolution: Type.Optional(ResolutionInput) }),
  unresolve: null,
  ignore: null,
  snooze: Type.Object({ snooze: SnoozeInput }),
  review: null,
  assign: Type.Object({ assignee: AssigneeInput }),
  unassign: null,
  link: Type.Object({ url: ExternalUrl }),
};

function patchRoute(app: App, db: Db): void {
  app.patch(
    '/api/v1/issues/:id',
    {
      schema: {
        description:
          'The primary way to triage an issue, shaped like Sentry\'s: `{"status": "resolved", "resolution": ' +
          '{"kind": "inRelease", "release": "1.2.0"}}`, `{"status": "snoozed", "snooze": {"kind": "events", ' +
          '"count": 100}}`, `{"status": "ignored"}`, `{"status": "unresolved"}`, `{"assignee": "user:12"}` ' +
          '(or `team:backend`, `me`, null), `{"reviewed": true}`. Fields combine; the status change is ' +
          'applied first. Any action marks the issue reviewed. 409 `illegal_transition` carries ' +
          '`details.currentStatus` and `details.currentSubstatus`, and `details.changedAt` and `details.changedBy` ' +
          '(`{type: user|token|system, email}`) of the status change that stands in the way. Capability: triage.',
        params: IdParam,
        body: IssuePatch,
        response: { 200: TriagedIssue, ...triageErrorResponses },
      },
    },
    async (request) => {
      const issueId = Number(request.params.id);
      const projectId = await authorizeIssue(db, request.caller, issueId, 'triage');
      for (const command of commandsOfPatch(request.body)) {
        await applyTriageAction(db, request.caller, issueId, command, { projectId });
      }
      return triagedIssue(db, issueId);
    },
  );
}

function verbRoutes(app: App, db: Db): void {
  for (const [verb, body] of Object.entries(VERB_BODIES) as [TriageCommandType, TSchema | null][]) {
    app.post(
      `/api/v1/issues/:id/${verb}`,
      {
        schema: {
          description: `One triage action (${verb}), the same as PATCH /api/v1/issues/{id}. Capability: triage.`,
          params: IdParam,
          ...(body ? { body } : {}),
          response: { 200: TriagedIssue, ...triageErrorResponses },
        },
        // `POST /issues/1/resolve` with no body at all resolves now.
        preValidation: async (request: FastifyRequest) => {
          if (body && request.body === undefined) request.body = {};
        },
      },
      async (request) => {
        const params = request.params as { id: string };
        const issueId = Number(params.id);
        const command = { ...(request.body as object), type: verb } as TriageCommand;
        await applyTriageAction(db, request.caller, issueId, command);
        return triagedIssue(db, issueId);
      },
    );
  }
  app.delete(
    '/api/v1/issues/:id/link',
    {
      schema: {
        description: 'Removes the external issue link. Capability: triage.',
        params: IdParam,
        response: { 200: TriagedIssue, ...triageErrorResponses },
      },
    },
    async (request) => {
      const issueId = Number(request.params.id);
      const projectId = await authorizeIssue(db, request.caller, issueId, 'triage');
      await unlinkIssue(db, request.caller, issueId, projectId);
      return triagedIssue(db, issueId);
    },
  );
}

function bulkRoute(app: App, db: Db): void {
  app.post(
    '/api/v1/projects/:id/issues/bulk',
    {
      schema: {
        description:
          'One action on up to 100 issues of the project, each in its own transaction: a result per issue, ' +
          'in the order asked, with the status it would have had alone (200, or 404/409 with the error). ' +
          'An action wrong for every issue (an unknown assignee, a snooze date in the past) fails as a ' +
          'whole with 400 before anything changes. Capability: triage on the project.',
        params: IdParam,
        body: BulkBody,
        response: { 200: BulkResults, ...triageErrorResponses },
      },
    },
    async (request) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'triage');
      const { ids, action } = request.body;
      await checkBulkAction(db, request.caller, projectId, action);
      const done: number[] = [];
      const failed = new Map<number, VigieError>();
      // One at a time: each issue is its own transaction, and the order of results is the order asked.
      for (const id of ids) {
        try {
          await applyTriageAction(db, request.caller, id, action, { projectId });
          done.push(id);
        } catch (error) {
          if (!(error instanceof VigieError)) throw error;
          failed.set(id, error);
        }
      }
      const rows = await issuesByIds(db, done);
      const triaged = presentTriagedIssues(rows, await assigneeViews(db, rows));
      const presented = new Map(triaged.map((issue) => [issue.id, issue]));
      const results = ids.map((id) => {
        const error = failed.get(id);
        if (!error) return { id, status: 200, issue: presented.get(id)! };
        const { status, code, message, details } = error;
        return { id, status, error: { code, message, ...(details ? { details } : {}) } };
      });
      return { results };
    },
  );
}

export const triageRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;
  patchRoute(app, db);
  verbRoutes(app, db);
  bulkRoute(app, db);
  await app.register(inboxRoutes, deps);
  await app.register(commentsRoutes, deps);
};
