// Ownership as the API shows it: a project's settings, and suggested owners with the sentence that says
// why. Pure.

import { isoOrNull } from '../api/schemas.ts';
import { parseCodeowners } from './codeowners.ts';
import type { HandleRow, SettingsRow } from './ownership.repository.ts';
import type { Owner, OwnershipSettings, Suggestion } from './ownership.schemas.ts';
import type { Matcher, RuleSource } from './rule.ts';
import { parseOwnershipRules } from './rules.ts';
import type { ResolvedOwner, UnknownOwner } from './ruleset.ts';
import type { Suggestion as LiveSuggestion, StoredOwner } from './suggestion.ts';

type Origin = OwnershipSettings['codeowners']['origin'];

function originOf(text: string | null): Origin {
  if (text === null) return null;
  const value = JSON.parse(text) as { kind: 'paste' | 'github'; repository?: string; path?: string };
  return {
    kind: value.kind,
    ...(value.repository ? { repository: value.repository } : {}),
    ...(value.path ? { path: value.path } : {}),
  };
}

export function presentSettings(
  settings: SettingsRow | undefined,
  handles: readonly HandleRow[],
  unknownOwners: readonly UnknownOwner[],
): OwnershipSettings {
  const codeowners = settings?.codeowners ?? '';
  const imported = parseCodeowners(codeowners).rules;
  const mapped = new Set(handles.map((h) => h.handle));
  const named = imported.flatMap((r) =>
    r.owners.flatMap(({ owner }) => (owner.kind === 'handle' ? [owner.handle] : [])),
  );
  return {
    mode: (settings?.mode as OwnershipSettings['mode'] | undefined) ?? 'suggest',
    rules: settings?.rules ?? '',
    codeowners: {
      text: codeowners,
      origin: originOf(settings?.codeowners_origin ?? null),
      syncedAt: isoOrNull(settings?.codeowners_synced_at ?? null),
      ruleCount: imported.length,
    },
    handles: handles.map((h) => ({
      handle: h.handle,
      user: h.user_id !== null && h.email !== null ? { id: h.user_id, email: h.email } : null,
      team: h.team_id !== null && h.slug !== null ? { id: h.team_id, slug: h.slug } : null,
    })),
    unknownOwners: [...unknownOwners],
    unmappedHandles: [...new Set(named.filter((h) => !mapped.has(h)))].sort(),
    recomputing: settings !== undefined && settings.applied_revision < settings.revision,
    updatedAt: isoOrNull(settings?.updated_at ?? null),
  };
}

/** `path:src/billing/**` for a hand-written rule, the path pattern for a CODEOWNERS line. */
export function matcherText(source: RuleSource, text: string): string {
  const rule = (source === 'rules' ? parseOwnershipRules(text) : parseCodeowners(text)).rules[0];
  if (!rule) return text;
  return source === 'rules' ? writeMatcher(rule.matcher) : rule.matcher.pattern;
}

function writeMatcher(matcher: Matcher): string {
  const kind = matcher.kind === 'tags' ? `tags.${matcher.tag}` : matcher.kind;
  const pattern = /\s|"/.test(matcher.pattern)
    ? `"${matcher.pattern.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`
    : matcher.pattern;
  return `${kind}:${pattern}`;
}

function explanation(
  owners: readonly Owner[],
  rule: Suggestion['rule'],
  field: string,
  value: string,
): string {
  const who = owners.length > 0 ? owners.map((o) => o.label).join(', ') : 'no one';
  const where = rule.source === 'codeowners' ? ` (CODEOWNERS line ${rule.line})` : '';
  const what = field === 'path' || field === 'module' ? value : `${field} ${value}`;
  return `owned by ${who}: ${what} matched \`${matcherText(rule.source, rule.text)}\`${where}`;
}

export function presentOwner(owner: ResolvedOwner | StoredOwner, names?: ReadonlyMap<string, string>): Owner {
  if (owner.type === 'unknown') {
    return {
      type: 'unknown',
      label: owner.label,
      id: null,
      name: null,
      ...('reason' in owner ? { reason: owner.reason } : {}),
    };
  }
  const name = 'name' in owner ? owner.name : (names?.get(`${owner.type}:${owner.id}`) ?? null);
  return { type: owner.type, label: owner.label, id: owner.id, name };
}

export function presentLiveSuggestion(suggestion: LiveSuggestion): Suggestion {
  const { rule, field, value } = suggestion.match;
  const owners = suggestion.owners.map((o) => presentOwner(o));
  const ruleView = { text: rule.text, source: rule.source, line: rule.line };
  return { owners, rule: ruleView, field, value, explanation: explanation(owners, ruleView, field, value) };
}

export interface StoredSuggestionRow {
  source: string;
  line: number;
  rule: string;
  field: string;
  value: string;
  owners: string;
}

/** A stored suggestion; null for an issue no rule matched. `names` by `user:<id>` / `team:<id>`. */
export function presentStoredSuggestion(
  row: StoredSuggestionRow,
  names: ReadonlyMap<string, string>,
): Suggestion | null {
  if (row.source !== 'rules' && row.source !== 'codeowners') return null;
  const owners = (JSON.parse(row.owners) as StoredOwner[]).map((o) => presentOwner(o, names));
  const ruleView = { text: row.rule, source: row.source, line: row.line } as const;
  return {
    owners,
    rule: ruleView,
    field: row.field,
    value: row.value,
    explanation: explanation(owners, ruleView, row.field, row.value),
  };
}
