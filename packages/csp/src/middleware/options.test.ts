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

describe('compileCspOptions refuses wrong types with what to write instead', () => {
  it('refuses an empty policy, which would send an empty header', () => {
    for (const policy of ['', '  ; ', {}, { directives: [] }]) {
      expect(problemsOf(() => compileCspOptions({ policy }))).toEqual([
        expect.stringMatching(/^policy (is empty|has no directives), which would send an empty header/),
      ]);
    }
  });

  it('refuses a number or null as a policy, naming the forms a policy takes', () => {
    expect(problemsOf(() => compileCspOptions({ policy: 42 as never }))).toEqual([
      `policy must be policy text or an object of directives, e.g. policy: "default-src 'self'" or { defaultSrc: ["'self'"] }; got the number 42.`,
    ]);
    expect(
      problemsOf(() => compileCspOptions({ policy: null as never, reportOnly: "img-src 'self'" })),
    ).toEqual([
      expect.stringMatching(/^policy must be policy text .*; got null \(leave policy out instead\)\.$/),
    ]);
  });

  it('refuses reportTo: null and routes: {} instead of throwing a TypeError', () => {
    expect(
      problemsOf(() => compileCspOptions({ policy: "default-src 'self'", reportTo: null as never })),
    ).toEqual([
      "reportTo must be { group: 'csp', url: 'https://vigie.example.com/api/3/csp-report/?sentry_key=…' }; got null (leave reportTo out for no Reporting-Endpoints header).",
    ]);
    expect(
      problemsOf(() => compileCspOptions({ policy: "default-src 'self'", routes: {} as never })),
    ).toEqual([
      "routes must be a list, e.g. routes: [{ path: '/admin', override: 'admin' }]; got an object.",
    ]);
    expect(
      problemsOf(() =>
        compileCspOptions({ policy: "default-src 'self'", routes: [{ path: 3 } as never, null as never] }),
      ),
    ).toEqual([
      "routes[0].path must be a path prefix such as '/admin' or a RegExp; got the number 3.",
      "routes[1] must be { path: '/admin', override?: 'name', append?: ['name'] }; got null.",
    ]);
  });

  it('refuses a reportTo URL over plain http, which browsers never deliver to', () => {
    expect(
      problemsOf(() =>
        compileCspOptions({
          policy: "default-src 'self'",
          reportTo: { group: 'csp', url: 'http://vigie.example.com/r' },
        }),
      ),
    ).toEqual([
      'reportTo.url: browsers only deliver Reporting API reports to https:// endpoints (or a path on the https page); "http://vigie.example.com/r" would lose them. Write https://vigie.example.com/r.',
    ]);
    for (const url of [
      'https://vigie.example.com/r',
      '/csp-reports',
      'http://127.0.0.1:9104/csp',
      'http://localhost:3000/r',
    ]) {
      expect(
        compileCspOptions({ policy: "default-src 'self'", reportTo: { group: 'csp', url } }).reportTo?.url,
      ).toBe(url);
    }
  });

  it('refuses directive values of the wrong type, and flags of the wrong type', () => {
    expect(
      problemsOf(() =>
        compileCspOptions({
          policy: { imgSrc: 42 } as never,
          autoNonce: 'yes' as never,
          runtimeHashes: -1,
          overrides: { admin: null as never },
        }),
      ),
    ).toEqual([
      `policy.imgSrc must be a list of sources (["'self'", 'https://cdn.example.com']), one string of them, true for a directive without value; got the number 42.`,
      "overrides.admin must be an object of directives, e.g. { imgSrc: ['https://maps.gstatic.com'] }; got null.",
      'autoNonce must be true or false; got the string "yes".',
      'runtimeHashes must be true (64 KiB), false, or a size in bytes such as 131072; got the number -1.',
    ]);
  });

  it('refuses directives named constructor or __proto__ rather than sending them', () => {
    expect(problemsOf(() => compileCspOptions({ policy: { constructor: ["'self'"] } as never }))).toEqual([
      'policy: Unknown directive "constructor"; browsers ignore it. Check the spelling or remove it.',
    ]);
    const proto = JSON.parse(`{"__proto__": ["'self'"], "defaultSrc": ["'self'"]}`);
    expect(problemsOf(() => compileCspOptions({ policy: proto }))).toEqual([
      'policy: "__proto__" is not a valid directive name (letters, digits and "-" only); browsers ignore it.',
    ]);
    expect(problemsOf(() => compileCspOptions({ policy: "default-src 'self'; constructor 'none'" }))).toEqual(
      ['policy: Unknown directive "constructor"; browsers ignore it. Check the spelling or remove it.'],
    );
  });
});
