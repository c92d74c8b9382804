import { describe, expect, it } from 'vitest';
import { addToDraft, parseDraft, removeFromDraft } from './draft.ts';

describe('the CSP draft editor', () => {
  it('adds a source to an existing directive once', () => {
    const once = addToDraft("default-src 'self'; script-src 'self'", 'script-src', 'https://cdn.example');
    expect(once).toBe("default-src 'self'; script-src 'self' https://cdn.example");
    expect(addToDraft(once, 'script-src', 'https://cdn.example')).toBe(once);
  });

  it("creates a missing fetch directive from default-src's sources, before the reporting directives", () => {
    expect(addToDraft("default-src 'self'; report-uri /csp; report-to vigie", 'img-src', 'data:')).toBe(
      "default-src 'self'; img-src 'self' data:; report-uri /csp; report-to vigie",
    );
  });

  it('removes a value, or a whole directive', () => {
    const text = "default-src 'self'; script-src 'self' https://cdn.example; report-uri /csp";
    expect(removeFromDraft(text, 'script-src', 'https://cdn.example')).toBe(
      "default-src 'self'; script-src 'self'; report-uri /csp",
    );
    expect(removeFromDraft(text, 'report-uri', null)).toBe(
      "default-src 'self'; script-src 'self' https://cdn.example",
    );
  });

  it('keeps the first of repeated directives, as browsers do', () => {
    expect(parseDraft('img-src a; IMG-SRC b; ;')).toEqual([{ name: 'img-src', values: ['a'] }]);
  });
});
