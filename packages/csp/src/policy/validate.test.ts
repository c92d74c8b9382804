import { describe, expect, it } from 'vitest';
import { serializePolicy } from './serialize.ts';
import { validatePolicy } from './validate.ts';

describe('validatePolicy', () => {
  it('accepts a well-formed model', () => {
    const policy = {
      directives: [
        { name: 'default-src', values: ["'self'"] },
        { name: 'upgrade-insecure-requests', values: [] },
        { name: 'script-src', values: ["'nonce-r4nd0m'", "'strict-dynamic'"] },
      ],
    };
    expect(validatePolicy(policy)).toEqual([]);
  });

  it('catches a value that would inject a directive, at its position in the serialized header', () => {
    const policy = {
      directives: [
        { name: 'default-src', values: ["'self'"] },
        { name: 'img-src', values: ["'self'", "https://cdn.example.com/a.png; script-src 'unsafe-inline'"] },
      ],
    };
    const [problem] = validatePolicy(policy);
    expect(problem).toMatchObject({ code: 'separator-in-value', directive: 'img-src' });
    expect(problem?.message).toContain('semicolon');
    const text = serializePolicy(policy);
    expect(text.slice(problem!.offset, problem!.offset + problem!.length)).toBe(
      policy.directives[1]!.values[1],
    );
  });

  it('catches commas, spaces, empty values, bad names and duplicates', () => {
    const problems = validatePolicy({
      directives: [
        {
          name: 'connect-src',
          values: ['https://a.example.com,', 'https://b.example.com https://c.example.com', ''],
        },
        { name: 'Script-Src', values: ["'self'"] },
        { name: 'connect-src', values: ["'self'"] },
      ],
    });
    expect(problems.map((p) => p.code)).toEqual([
      'separator-in-value',
      'separator-in-value',
      'separator-in-value',
      'invalid-directive-name',
      'duplicate-directive',
    ]);
  });
});
