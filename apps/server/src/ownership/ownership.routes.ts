// The ownership API: GET/PUT /api/v1/projects/{id}/ownership (mode and hand-written rules),
// POST/DELETE …/ownership/codeowners (import, refresh, remove), PUT …/ownership/handles (GitHub handles to
// members and teams), POST …/ownership/preview (rules against an issue), GET /api/v1/issues/{id}/owners.

import { errorResponses, IdParam } from '../api/schemas.ts';
import { authorize } from '../auth/access.ts';
import type { RoutePlugin } from '../http.ts';
import { secretKeyLoader } from '../integrations/github/target.ts';
import { authorizeIssue } from '../issues/authorized-issue.ts';
import {
  CodeownersImport,
  HandlesBody,
  IssueOwners,
  OwnershipPatch,
  OwnershipSettings,
  PreviewBody,
  PreviewResult,
  SuggestionList,
  SuggestionsQuery,
} from './ownership.schemas.ts';
import {
  importCodeowners,
  issueOwnersView,
  mapHandles,
  ownershipSettingsView,
  previewOwnership,
  projectSuggestions,
  removeCodeowners,
  saveRules,
} from './ownership.ts';

const RULES_HELP =
  'Rules are one a line: a matcher (`path:`, `module:`, `url:`, `tags.<key>:`, `culprit:`) and owners ' +
  "(`#team` or a member's email); the last matching rule wins. A bad rule is a 400 `invalid_ownership_rules` " +
  'whose details give the line, the column and what was expected (details.problems lists every bad line).';

export const ownershipRoutes: RoutePlugin = async (app, { database: { db }, config }) => {
  const secretKey = secretKeyLoader(config);
  const settingsResponse = { 200: OwnershipSettings, ...errorResponses };

  app.get(
    '/api/v1/projects/:id/ownership',
    {
      schema: {
        description:
          "The project's ownership: mode, hand-written rules, imported CODEOWNERS, handle mapping, and the " +
          'owners the rules name that are not members or teams of the project. Capability: read.',
        params: IdParam,
        response: settingsResponse,
      },
    },
    async (request) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'read');
      return ownershipSettingsView(db, projectId);
    },
  );

  app.put(
    '/api/v1/projects/:id/ownership',
    {
      schema: {
        description: `Sets the mode and/or the hand-written rules; issues are recomputed in the background. ${RULES_HELP} Capability: manage.`,
        params: IdParam,
        body: OwnershipPatch,
        response: settingsResponse,
      },
    },
    async (request) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'manage');
      await saveRules(db, projectId, request.body);
      return ownershipSettingsView(db, projectId);
    },
  );

  app.post(
    '/api/v1/projects/:id/ownership/codeowners',
    {
      schema: {
        description:
          'Imports a CODEOWNERS file, kept apart from the hand-written rules: `{"source": "paste", "text": …}`, ' +
          'or `{"source": "github"}` to read it from the project\'s GitHub repository (again to refresh it). ' +
          'Handles are mapped with PUT …/ownership/handles. Capability: manage.',
        params: IdParam,
        body: CodeownersImport,
        response: settingsResponse,
      },
    },
    async (request) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'manage');
      await importCodeowners(db, secretKey, projectId, request.body);
      return ownershipSettingsView(db, projectId);
    },
  );

  app.delete(
    '/api/v1/projects/:id/ownership/codeowners',
    {
      schema: {
        description: 'Removes the imported CODEOWNERS rules. Capability: manage.',
        params: IdParam,
        response: settingsResponse,
      },
    },
    async (request) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'manage');
      await removeCodeowners(db, projectId);
      return ownershipSettingsView(db, projectId);
    },
  );

  app.put(
    '/api/v1/projects/:id/ownership/handles',
    {
      schema: {
        description:
          'Replaces the mapping of GitHub handles (`@ana`, `@org/team`) to members (`user`: an email) and ' +
          'teams (`team`: a slug) of the project. Capability: manage.',
        params: IdParam,
        body: HandlesBody,
        response: settingsResponse,
      },
    },
    async (request) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'manage');
      await mapHandles(db, projectId, request.body.handles);
      return ownershipSettingsView(db, projectId);
    },
  );

  app.post(
    '/api/v1/projects/:id/ownership/preview',
    {
      schema: {
        description:
          "Tests rules against an issue's latest event without saving them: the rule that would win, what it " +
          `matched and its owners. Without \`rules\` or \`codeowners\` the saved ones are used. ${RULES_HELP} Capability: read.`,
        params: IdParam,
        body: PreviewBody,
        response: { 200: PreviewResult, ...errorResponses },
      },
    },
    async (request) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'read');
      const { issueId, rules, codeowners } = request.body;
      return previewOwnership(db, projectId, issueId, {
        ...(rules !== undefined ? { rules } : {}),
        ...(codeowners !== undefined ? { codeowners } : {}),
      });
    },
  );

  app.get(
    '/api/v1/issues/:id/owners',
    {
      schema: {
        description:
          "The issue's suggested owners: the owners of the last rule that matched its event, the rule, and the " +
          'frame or field it matched. Capability: read.',
        params: IdParam,
        response: { 200: IssueOwners, ...errorResponses },
      },
    },
    async (request) => {
      const issueId = Number(request.params.id);
      const projectId = await authorizeIssue(db, request.caller, issueId, 'read');
      return issueOwnersView(db, projectId, issueId);
    },
  );

  app.get(
    '/api/v1/projects/:id/ownership/suggestions',
    {
      schema: {
        description:
          "Suggested owners of up to 100 of the project's issues at once (a page of the stream or the inbox). " +
          'Capability: read.',
        params: IdParam,
        querystring: SuggestionsQuery,
        response: { 200: SuggestionList, ...errorResponses },
      },
    },
    async (request) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'read');
      return projectSuggestions(db, projectId, request.query.ids.split(',').map(Number));
    },
  );
};
