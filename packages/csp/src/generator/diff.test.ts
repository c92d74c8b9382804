import { describe, expect, it } from 'vitest';
import { diffPolicies, explainDiff } from './diff.ts';

describe('diffPolicies', () => {
  it('lists added, changed and removed directives', () => {
    const changes = diffPolicies(
      "default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'",
      "default-src 'self'; script-src 'self' https://cdn.example.com; img-src 'self' data:",
    );
    expect(changes).toEqual([
      {
        kind: 'changed',
        directive: 'script-src',
        added: ['https://cdn.example.com'],
        removed: ["'unsafe-inline'"],
      },
      { kind: 'added', directive: 'img-src', values: ["'self'", 'data:'] },
      { kind: 'removed', directive: 'object-src', values: ["'none'"] },
    ]);
  });

  it('finds nothing between a policy and itself written differently', () => {
    expect(diffPolicies("default-src 'self';  img-src data:", "DEFAULT-SRC 'self'; img-src data:;")).toEqual(
      [],
    );
  });
});

describe('explainDiff', () => {
  it('explains each change in words, with the fallback a directive takes over from or hands back to', () => {
    expect(
      explainDiff(
        "default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'",
        "default-src 'self'; script-src 'self' https://cdn.example.com; img-src 'self' data:; upgrade-insecure-requests",
      ),
    ).toEqual([
      "script-src now also allows https://cdn.example.com, and no longer allows any inline code ('unsafe-inline').",
      "img-src is new: images followed default-src ('self') and now allow the page's own origin ('self') and any data: URL.",
      'upgrade-insecure-requests is new.',
      "object-src was removed: plugins (<object>, <embed>) now follow default-src ('self').",
    ]);
  });

  it('says when a kind of request becomes unrestricted or restricted for the first time', () => {
    expect(explainDiff("base-uri 'none'; img-src 'self'", "form-action 'self'")).toEqual([
      "form-action is new: form submissions were unrestricted and now allow the page's own origin ('self').",
      'base-uri was removed: <base> URLs are no longer restricted.',
      'img-src was removed: images are no longer restricted.',
    ]);
  });
});
