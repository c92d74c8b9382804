// A project's rules ready to match: the CODEOWNERS lines then the hand-written ones, compiled, with every
// owner they name resolved to a member or team of the project, or reported as unknown (and why) rather
// than dropped.

import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema.ts';
import { parseCodeowners } from './codeowners.ts';
import { type CompiledRule, compileRule } from './matching.ts';
import {
  listHandles,
  ownerTeams,
  ownerUsers,
  type SettingsRow,
  teamsByIds,
  usersByIds,
} from './ownership.repository.ts';
import { type OwnerRef, type OwnershipRule, ownerLabel, type RuleProblem, type RuleSource } from './rule.ts';
import { parseOwnershipRules } from './rules.ts';

type Db = Kysely<Schema>;

export type ResolvedOwner =
  | { type: 'user'; id: number; label: string; name: string; email: string }
  | { type: 'team'; id: number; label: string; name: string; slug: string }
  | { type: 'unknown'; label: string; reason: string };

export interface UnknownOwner {
  owner: string;
  source: RuleSource;
  line: number;
  column: number;
  reason: string;
}

export interface Ruleset {
  revision: number;
  rules: CompiledRule[];
  /** Owners by label (`#billing`, `ana@example.com`, `@org/team`). */
  owners: ReadonlyMap<string, ResolvedOwner>;
  unknownOwners: UnknownOwner[];
}

export interface RuleTexts {
  rules: string;
  codeowners: string;
}

/** Both texts read; problems from either, hand-written rules' first. */
export function readRuleTexts(texts: RuleTexts): { rules: OwnershipRule[]; problems: RuleProblem[] } {
  const own = parseOwnershipRules(texts.rules);
  const imported = parseCodeowners(texts.codeowners);
  return { rules: [...imported.rules, ...own.rules], problems: [...own.problems, ...imported.problems] };
}

/** Resolves every owner the rules name; `rules` are assumed free of problems (or their problems ignored). */
export async function buildRuleset(
  db: Db,
  projectId: number,
  rules: readonly OwnershipRule[],
  revision: number,
): Promise<Ruleset> {
  const refs = new Map<string, OwnerRef>();
  for (const rule of rules) for (const { owner } of rule.owners) refs.set(ownerLabel(owner), owner);
  const owners = await resolveOwners(db, projectId, [...refs.values()]);
  const unknownOwners: UnknownOwner[] = [];
  for (const rule of rules) {
    for (const { owner, column } of rule.owners) {
      const resolved = owners.get(ownerLabel(owner));
      if (resolved?.type === 'unknown') {
        unknownOwners.push({
          owner: resolved.label,
          source: rule.source,
          line: rule.line,
          column,
          reason: resolved.reason,
        });
      }
    }
  }
  return { revision, rules: rules.map(compileRule), owners, unknownOwners };
}

/** The stored settings' ruleset; a project whose mode is off has no rules to match. */
export async function rulesetOf(db: Db, settings: SettingsRow): Promise<Ruleset> {
  const { rules } = readRuleTexts(settings);
  const used = settings.mode === 'off' ? [] : rules;
  return buildRuleset(db, settings.project_id, used, settings.revision);
}

async function resolveOwners(
  db: Db,
  projectId: number,
  refs: OwnerRef[],
): Promise<Map<string, ResolvedOwner>> {
  const emails = refs.flatMap((r) => (r.kind === 'user' ? [r.email] : []));
  const slugs = refs.flatMap((r) => (r.kind === 'team' ? [r.slug] : []));
  const hasHandles = refs.some((r) => r.kind === 'handle');
  const [users, teams, handles] = await Promise.all([
    ownerUsers(db, projectId, emails),
    ownerTeams(db, projectId, slugs),
    hasHandles ? listHandles(db, projectId) : Promise.resolve([]),
  ]);
  const [handleUsers, handleTeams] = await Promise.all([
    usersByIds(
      db,
      handles.flatMap((h) => (h.user_id === null ? [] : [h.user_id])),
    ),
    teamsByIds(
      db,
      handles.flatMap((h) => (h.team_id === null ? [] : [h.team_id])),
    ),
  ]);
  const userByEmail = new Map(users.map((u) => [u.email.toLowerCase(), u]));
  const teamBySlug = new Map(teams.map((t) => [t.slug.toLowerCase(), t]));
  const handleByName = new Map(handles.map((h) => [h.handle, h]));
  const resolved = new Map<string, ResolvedOwner>();
  for (const ref of refs) {
    const label = ownerLabel(ref);
    const unknown = (reason: string): ResolvedOwner => ({ type: 'unknown', label, reason });
    if (ref.kind === 'user') {
      const user = userByEmail.get(ref.email);
      resolved.set(
        label,
        !user
          ? unknown('no active user has this email')
          : !user.member
            ? unknown('this user is not a member of the project')
            : { type: 'user', id: user.id, label, name: user.name, email: user.email },
      );
    } else if (ref.kind === 'team') {
      const team = teamBySlug.get(ref.slug);
      resolved.set(
        label,
        !team
          ? unknown('no team has this slug')
          : team.member_id === null
            ? unknown('this team has no access to the project')
            : { type: 'team', id: team.id, label, name: team.name, slug: team.slug },
      );
    } else {
      const mapped = handleByName.get(ref.handle);
      const user = handleUsers.find((u) => u.id === mapped?.user_id);
      const team = handleTeams.find((t) => t.id === mapped?.team_id);
      resolved.set(
        label,
        user
          ? { type: 'user', id: user.id, label, name: user.name, email: user.email }
          : team
            ? { type: 'team', id: team.id, label, name: team.name, slug: team.slug }
            : unknown('this GitHub handle is not mapped to a member or team'),
      );
    }
  }
  return resolved;
}
