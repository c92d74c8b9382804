// What the ownership routes do: read and save a project's rules (400 naming line, column and what was
// expected for a bad one), import CODEOWNERS (pasted, or read from the project's GitHub repository), map
// GitHub handles, preview rules against an issue, and show an issue's suggested owners.

import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Static } from 'typebox';
import { VigieError } from '../errors.ts';
import { fetchRepositoryFile } from '../integrations/github/contents.ts';
import { requireGithubTarget } from '../integrations/github/target.ts';
import { decodePayload } from '../storage/payload.ts';
import type { Schema } from '../storage/schema.ts';
import { CODEOWNERS_PATHS, MAX_CODEOWNERS_BYTES, parseCodeowners } from './codeowners.ts';
import { presentLiveSuggestion, presentSettings, presentStoredSuggestion } from './ownership.presenter.ts';
import {
  eventPayloads,
  findOwnershipSettings,
  issueOwnersOf,
  issuesByIdsToMatch,
  listHandles,
  type OwnershipMode,
  ownerTeams,
  ownerUsers,
  replaceHandles,
  saveOwnershipSettings,
  teamsByIds,
  usersByIds,
} from './ownership.repository.ts';
import type { OwnershipSettings, PreviewResult } from './ownership.schemas.ts';

type Preview = Static<typeof PreviewResult>;

import type { RuleProblem } from './rule.ts';
import { buildRuleset, type RuleTexts, readRuleTexts } from './ruleset.ts';
import { suggestOwners } from './suggestion.ts';

type Db = Kysely<Schema>;

const MAX_PROBLEMS = 50;

function rulesError(problems: readonly RuleProblem[]): VigieError {
  const [first] = problems;
  const more =
    problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return new VigieError(
    'invalid_ownership_rules',
    { message: `${first!.message}${more}` },
    {
      line: first!.line,
      column: first!.column,
      expected: first!.expected,
      source: first!.source,
      problems: problems.slice(0, MAX_PROBLEMS),
    },
  );
}

/** The rules of both texts; a 400 when either has a problem. */
function readOrThrow(texts: RuleTexts) {
  const { rules, problems } = readRuleTexts(texts);
  if (problems.length > 0) throw rulesError(problems);
  return rules;
}

export async function ownershipSettingsView(db: Db, projectId: number): Promise<OwnershipSettings> {
  const [settings, handles] = await Promise.all([
    findOwnershipSettings(db, projectId),
    listHandles(db, projectId),
  ]);
  const rules = settings ? readRuleTexts(settings).rules : [];
  const ruleset = await buildRuleset(db, projectId, rules, settings?.revision ?? 0);
  return presentSettings(settings, handles, ruleset.unknownOwners);
}

export async function saveRules(
  db: Db,
  projectId: number,
  change: { mode?: OwnershipMode | undefined; rules?: string | undefined },
  nowMs = Date.now(),
): Promise<void> {
  const current = await findOwnershipSettings(db, projectId);
  if (change.rules !== undefined) readOrThrow({ rules: change.rules, codeowners: current?.codeowners ?? '' });
  await saveOwnershipSettings(
    db,
    projectId,
    {
      ...(change.mode !== undefined ? { mode: change.mode } : {}),
      ...(change.rules !== undefined ? { rules: change.rules } : {}),
    },
    nowMs,
  );
}

export type CodeownersSource =
  | { source: 'paste'; text: string }
  | { source: 'github'; path?: string | undefined };

export async function importCodeowners(
  db: Db,
  secretKey: () => KeyObject,
  projectId: number,
  from: CodeownersSource,
  nowMs = Date.now(),
): Promise<void> {
  let text: string;
  let origin: Record<string, string>;
  if (from.source === 'paste') {
    text = from.text;
    origin = { kind: 'paste' };
  } else {
    const target = await requireGithubTarget(db, secretKey, projectId);
    const paths = from.path ? [from.path.replace(/^\/+/, '')] : [...CODEOWNERS_PATHS];
    let found: { path: string; text: string } | undefined;
    for (const path of paths) {
      const file = await fetchRepositoryFile(target, path, MAX_CODEOWNERS_BYTES);
      if (file !== null) {
        found = { path, text: file };
        break;
      }
    }
    if (!found) throw new VigieError('codeowners_not_found', { repository: target.repository, paths });
    text = found.text;
    origin = { kind: 'github', repository: target.repository, path: found.path };
  }
  const { problems } = parseCodeowners(text);
  if (problems.length > 0) throw rulesError(problems);
  await saveOwnershipSettings(
    db,
    projectId,
    { codeowners: text, codeownersOrigin: JSON.stringify(origin), codeownersSyncedAt: nowMs },
    nowMs,
  );
}

export async function removeCodeowners(db: Db, projectId: number, nowMs = Date.now()): Promise<void> {
  await saveOwnershipSettings(
    db,
    projectId,
    { codeowners: '', codeownersOrigin: null, codeownersSyncedAt: null },
    nowMs,
  );
}

const invalidMapping = (message: string, handle: string) =>
  new VigieError('invalid_handle_mapping', { message }, { handle });

/** Replaces the mapping; each handle goes to one member (by email) or one team (by slug) of the project. */
export async function mapHandles(
  db: Db,
  projectId: number,
  handles: readonly { handle: string; user?: string | undefined; team?: string | undefined }[],
  nowMs = Date.now(),
): Promise<void> {
  const emails = handles.flatMap((h) => (h.user ? [h.user.toLowerCase()] : []));
  const slugs = handles.flatMap((h) => (h.team ? [h.team.toLowerCase()] : []));
  const [users, teams] = await Promise.all([
    ownerUsers(db, projectId, emails),
    ownerTeams(db, projectId, slugs),
  ]);
  const seen = new Set<string>();
  const rows = handles.map(({ handle, user, team }) => {
    const key = handle.toLowerCase();
    if (seen.has(key)) throw invalidMapping(`${handle} is mapped twice; map each handle once.`, handle);
    seen.add(key);
    if ((user === undefined) === (team === undefined)) {
      throw invalidMapping(
        `Map ${handle} to either "user" (an email) or "team" (a slug), not both or neither.`,
        handle,
      );
    }
    if (user !== undefined) {
      const found = users.find((u) => u.email.toLowerCase() === user.toLowerCase());
      if (!found)
        throw invalidMapping(`No active user has the email ${user} (mapped from ${handle}).`, handle);
      if (!found.member)
        throw invalidMapping(`${user} is not a member of this project; add them first.`, handle);
      return { handle: key, userId: found.id, teamId: null };
    }
    const found = teams.find((t) => t.slug.toLowerCase() === team!.toLowerCase());
    if (!found) throw invalidMapping(`No team is called #${team} (mapped from ${handle}).`, handle);
    if (found.member_id === null)
      throw invalidMapping(`Team #${team} has no access to this project; give it access first.`, handle);
    return { handle: key, userId: null, teamId: found.id };
  });
  await replaceHandles(db, projectId, rows, nowMs);
}

/** What the given rules (the saved ones by default) say about an issue's latest event, without saving. */
export async function previewOwnership(
  db: Db,
  projectId: number,
  issueId: number,
  texts: Partial<RuleTexts>,
): Promise<Preview> {
  const settings = await findOwnershipSettings(db, projectId);
  const rules = readOrThrow({
    rules: texts.rules ?? settings?.rules ?? '',
    codeowners: texts.codeowners ?? settings?.codeowners ?? '',
  });
  const ruleset = await buildRuleset(db, projectId, rules, settings?.revision ?? 0);
  const [issue] = await issuesByIdsToMatch(db, [issueId]);
  if (!issue || issue.project_id !== projectId) {
    throw new VigieError('not_found', { message: `Project ${projectId} has no issue ${issueId}.` });
  }
  const payload = (await eventPayloads(db, projectId, [issue.last_event_id])).get(issue.last_event_id);
  const suggestion = payload ? suggestOwners(ruleset, decodePayload(payload), issue.culprit) : null;
  return {
    suggestion: suggestion ? presentLiveSuggestion(suggestion) : null,
    unknownOwners: ruleset.unknownOwners,
    eventId: payload ? issue.last_event_id : null,
  };
}

/** Names of the users and teams stored suggestions point at, by `user:<id>` / `team:<id>`. */
export async function ownerNames(db: Db, rows: readonly { owners: string }[]): Promise<Map<string, string>> {
  const owners = rows.flatMap((r) => JSON.parse(r.owners) as { type: string; id: number | null }[]);
  const ids = (type: string) => [
    ...new Set(owners.filter((o) => o.type === type && o.id !== null).map((o) => o.id!)),
  ];
  const [users, teams] = await Promise.all([usersByIds(db, ids('user')), teamsByIds(db, ids('team'))]);
  return new Map([
    ...users.map((u) => [`user:${u.id}`, u.name] as const),
    ...teams.map((t) => [`team:${t.id}`, t.name] as const),
  ]);
}

/** Suggested owners of many issues of a project (the stream, the inbox); issues without one are left out. */
export async function projectSuggestions(db: Db, projectId: number, issueIds: readonly number[]) {
  const settings = await findOwnershipSettings(db, projectId);
  const mode = (settings?.mode as OwnershipMode | undefined) ?? 'suggest';
  if (mode === 'off') return { mode, suggestions: [] };
  const rows = (await issueOwnersOf(db, issueIds)).filter((r) => r.project_id === projectId);
  const names = await ownerNames(db, rows);
  const suggestions = rows.flatMap((row) => {
    const suggestion = presentStoredSuggestion(row, names);
    return suggestion ? [{ issueId: row.issue_id, ...suggestion }] : [];
  });
  return { mode, suggestions };
}

export async function issueOwnersView(db: Db, projectId: number, issueId: number) {
  const [settings, [row]] = await Promise.all([
    findOwnershipSettings(db, projectId),
    issueOwnersOf(db, [issueId]),
  ]);
  const mode = (settings?.mode as OwnershipMode | undefined) ?? 'suggest';
  if (!row || mode === 'off') return { mode, suggestion: null, computedAt: null };
  return {
    mode,
    suggestion: presentStoredSuggestion(row, await ownerNames(db, [row])),
    computedAt: new Date(row.computed_at).toISOString(),
  };
}
