import { describe, expect, it } from 'vitest';
import { issueIdOf, offsetOf } from './ownership-text.ts';

describe('offsetOf', () => {
  const text = '# comment\npath:src/** #billing\nmodule: ana@example.com';
  it('finds a line and column as the server counts them (1-based)', () => {
    expect(text.slice(offsetOf(text, 2, 1))).toMatch(/^path:/);
    expect(text.slice(offsetOf(text, 3, 8))).toBe(' ana@example.com');
  });
  it('stays within the text when the position is past a line or the end', () => {
    expect(offsetOf(text, 1, 500)).toBe('# comment'.length);
    expect(offsetOf(text, 9, 1)).toBeLessThanOrEqual(text.length);
  });
});

describe('issueIdOf', () => {
  it('reads an id, #id or a link to the issue page', () => {
    expect(issueIdOf('42')).toBe(42);
    expect(issueIdOf(' #42 ')).toBe(42);
    expect(issueIdOf('https://vigie.example.com/issues/42?event=abc')).toBe(42);
    expect(issueIdOf('http://localhost:8000/issues/7')).toBe(7);
  });
  it('refuses what is not an issue', () => {
    expect(issueIdOf('')).toBeNull();
    expect(issueIdOf('abc')).toBeNull();
    expect(issueIdOf('0')).toBeNull();
    expect(issueIdOf('https://vigie.example.com/projects/42/issues')).toBeNull();
  });
});
