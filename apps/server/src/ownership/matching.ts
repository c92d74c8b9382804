// Which rule owns an event: rules are tested in order and the LAST one that matches wins, as in
// Sentry (CODEOWNERS lines first, then the hand-written rules, so a hand-written rule overrides the
// file). Path and module matchers test the event's in-app frames, innermost first; `url:` the
// request URL; `tags.<key>:` the tag's value; `culprit:` the culprit. Pure.

import type { NormalizedEvent } from '../grouping/event.ts';
import { compilePathGlob, compileValueGlob, normalizeFramePath } from './globs.ts';
import type { OwnershipRule } from './rule.ts';

/** What of an event the matchers read. */
export interface OwnershipSubject {
  /** In-app frames, innermost (where it threw) first. */
  frames: { paths: string[]; module: string | null }[];
  url: string | null;
  tags: ReadonlyArray<readonly [string, string]>;
  culprit: string | null;
}

/** The rule that won and what it matched: "src/billing/invoice.ts matched `path:src/billing/**`". */
export interface RuleMatch {
  rule: OwnershipRule;
  /** path, module, url, tags.<key> or culprit */
  field: string;
  value: string;
}

export interface CompiledRule {
  rule: OwnershipRule;
  test(subject: OwnershipSubject): { field: string; value: string } | null;
}

export function subjectOf(event: NormalizedEvent, culprit: string | null = event.culprit): OwnershipSubject {
  const all = event.exceptions.flatMap((e) => e.frames);
  // SDKs that mark no frame in-app leave `inApp` null: then every frame not marked out of the app counts.
  const inApp = all.some((f) => f.inApp === true)
    ? all.filter((f) => f.inApp === true)
    : all.filter((f) => f.inApp !== false);
  const frames = inApp.reverse().map((frame) => ({
    paths: [
      ...new Set([frame.filename, frame.absPath].filter((p): p is string => !!p).map(normalizeFramePath)),
    ],
    module: frame.module,
  }));
  const url = typeof event.request?.url === 'string' ? event.request.url : null;
  return { frames, url, tags: event.tags, culprit };
}

export function compileRule(rule: OwnershipRule): CompiledRule {
  const { kind, tag, pattern } = rule.matcher;
  switch (kind) {
    case 'path': {
      const regex = compilePathGlob(pattern);
      return {
        rule,
        test: (s) => {
          for (const frame of s.frames) {
            const path = frame.paths.find((p) => regex.test(p));
            if (path !== undefined) return { field: 'path', value: path };
          }
          return null;
        },
      };
    }
    case 'module': {
      const regex = compileValueGlob(pattern);
      return {
        rule,
        test: (s) => {
          const frame = s.frames.find((f) => f.module !== null && regex.test(f.module));
          return frame?.module ? { field: 'module', value: frame.module } : null;
        },
      };
    }
    case 'url': {
      const regex = compileValueGlob(pattern);
      return {
        rule,
        test: (s) => (s.url !== null && regex.test(s.url) ? { field: 'url', value: s.url } : null),
      };
    }
    case 'tags': {
      const regex = compileValueGlob(pattern);
      const field = `tags.${tag}`;
      return {
        rule,
        test: (s) => {
          const found = s.tags.find(([key, value]) => key === tag && regex.test(value));
          return found ? { field, value: found[1] } : null;
        },
      };
    }
    case 'culprit': {
      const regex = compileValueGlob(pattern);
      return {
        rule,
        test: (s) =>
          s.culprit !== null && regex.test(s.culprit) ? { field: 'culprit', value: s.culprit } : null,
      };
    }
  }
}

/** The last rule that matches, or null. */
export function matchOwnership(rules: readonly CompiledRule[], subject: OwnershipSubject): RuleMatch | null {
  for (let i = rules.length - 1; i >= 0; i--) {
    const compiled = rules[i]!;
    const found = compiled.test(subject);
    if (found) return { rule: compiled.rule, ...found };
  }
  return null;
}
