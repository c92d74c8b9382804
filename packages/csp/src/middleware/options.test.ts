import { describe, expect, it } from 'vitest';
import { CspConfigError } from './config-error.ts';
import { compileCspOptions } from './options.ts';

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof CspConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a CspConfigError');
}

describe('compileCspOptions', () => {
  it('accepts text, parsed policies and helmet-style objects', () => {
    const compiled = compileCspOptions({
      policy: {
        defaultSrc: "'self'",
        scriptSrc: ["'nonce-{nonce}'", "'strict-dynamic'"],
        upgradeInsecureRequests: true,
      },
      reportOnly: "default-src 'none'; report-uri /csp",
    });
    expect(compiled.enforce?.directives.map((d) => d.name)).toEqual([
      'default-src',
      'script-src',
      'upgrade-insecure-requests',
    ]);
    expect(compiled.reportOnly?.directives).toHaveLength(2);
  });

  it('names an unquoted keyword and where it is', () => {
    expect(
      problemsOf(() => compileCspOptions({ policy: { scriptSrc: ['self', 'https://cdn.example.com'] } })),
    ).toEqual(["policy: Keyword self must be quoted ('self'); unquoted, browsers read it as a host name."]);
  });

  it('refuses a semicolon or a comma inside a value', () => {
    const problems = problemsOf(() =>
      compileCspOptions({
        policy: { 'script-src': ["'self'; object-src 'none'"], 'img-src': ["'self', data:"] },
      }),
    );
    expect(problems).toEqual([
      `policy: script-src value "'self'; object-src 'none'" contains ";", which would end the directive there; give each directive its own key.`,
      `policy: img-src value "'self', data:" contains ",", which would start a second policy in the header; separate sources as array items.`,
    ]);
  });

  it('refuses duplicate directives in objects and in text', () => {
    expect(
      problemsOf(() => compileCspOptions({ policy: { scriptSrc: "'self'", 'script-src': "'none'" } })),
    ).toEqual([
      'policy: duplicate directive script-src (given as "scriptSrc" and "script-src"); keep one and merge their sources.',
    ]);
    expect(problemsOf(() => compileCspOptions({ reportOnly: "img-src 'self'; img-src data:" }))[0]).toMatch(
      /^reportOnly: Duplicate img-src directive/,
    );
  });

  it('lists every problem at once, including routes naming unknown overrides and a useless autoNonce', () => {
    const problems = problemsOf(() =>
      compileCspOptions({
        policy: "default-src 'self'; scirpt-src 'self'",
        autoNonce: true,
        overrides: { admin: { frameAncestors: 'self' } },
        routes: [{ path: '/admin', override: 'admn', append: 'maps' }],
        reportTo: { group: 'csp endpoint', url: 'https://vigie.example.com/r' },
      }),
    );
    expect(problems).toEqual([
      "overrides.admin: Keyword self must be quoted ('self'); unquoted, browsers read it as a host name.",
      'policy: Unknown directive "scirpt-src"; browsers ignore it. Check the spelling or remove it.',
      'routes[0]: no override named "admn" (known: admin).',
      'routes[0]: no append named "maps" (known: none).',
      'reportTo.group: "csp endpoint" must be a token (letters, digits, "-", "_").',
      "autoNonce inserts nonces, but no policy contains 'nonce-{nonce}': add it to script-src (and style-src).",
    ]);
  });

  it('asks for at least one policy', () => {
    expect(problemsOf(() => compileCspOptions({}))).toEqual([
      'Give a policy to enforce (policy) or to report on (reportOnly), or both.',
    ]);
  });

  it('puts every problem in the thrown message', () => {
    expect(() => compileCspOptions({ policy: 'script-src none' })).toThrow(
      "Invalid Content-Security-Policy configuration:\n  - policy: Keyword none must be quoted ('none')",
    );
  });
});

describe('compileCspOptions with a parsed policy', () => {
  it('refuses a model whose value would inject a directive once serialized', () => {
    const policy = {
      directives: [
        { name: 'img-src', values: ["'self'", "https://cdn.example.com; script-src 'unsafe-inline'"] },
      ],
    };
    const problems = problemsOf(() => compileCspOptions({ policy }));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.startsWith('policy: '))).toBe(true);
    expect(problems.join('\n')).toMatch(/semicolon/);
  });
});
