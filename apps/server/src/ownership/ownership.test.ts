// Ownership rules and CODEOWNERS as read, and matched against events from the real SDKs' captures
// (src/grouping/testdata, decoded from test/fixtures/real-clients). Pure: no database.

import { describe, expect, it } from 'vitest';
import { normalizeEvent } from '../grouping/normalize.ts';
import { ctx as browserCtx, browserError, cartFrames } from '../grouping/testdata/browser-events.ts';
import ruby from '../grouping/testdata/raven-ruby-3.1.2.json' with { type: 'json' };
import nodeException from '../grouping/testdata/sentry-javascript-node-11.12.0-exception.json' with {
  type: 'json',
};
import python from '../grouping/testdata/sentry-python-1.9.10.json' with { type: 'json' };
import { parseCodeowners } from './codeowners.ts';
import { compilePathGlob } from './globs.ts';
import { compileRule, matchOwnership, subjectOf } from './matching.ts';
import type { OwnershipRule } from './rule.ts';
import { parseOwnershipRules } from './rules.ts';

const ctx = { receivedAtMs: Date.UTC(2026, 10, 25, 0, 26, 50), clockDriftMs: 0 };
const nodeEvent = normalizeEvent(structuredClone(nodeException), ctx);
const pythonEvent = normalizeEvent(structuredClone(python), ctx);
const rubyEvent = normalizeEvent(structuredClone(ruby), ctx);

function rulesOf(text: string): OwnershipRule[] {
  const { rules, problems } = parseOwnershipRules(text);
  expect(problems).toEqual([]);
  return rules;
}

const winner = (text: string, event: Parameters<typeof subjectOf>[0]) => {
  const match = matchOwnership(rulesOf(text).map(compileRule), subjectOf(event));
  return match && { line: match.rule.line, field: match.field, value: match.value };
};

describe('reading ownership rules', () => {
  it('reads each matcher kind, several owners, comments and quoted patterns', () => {
    const rules = rulesOf(
      [
        '# the last matching rule wins',
        'path:src/billing/** #billing',
        'module:app.payments.* Ana@Example.com #payments',
        '  url:*/checkout/* #checkout  ',
        'tags.feature:search #search',
        'culprit:"*Invoice *" #billing',
        '',
      ].join('\n'),
    );
    expect(rules.map((r) => [r.line, r.matcher, r.owners.map((o) => o.owner)])).toEqual([
      [2, { kind: 'path', pattern: 'src/billing/**' }, [{ kind: 'team', slug: 'billing' }]],
      [
        3,
        { kind: 'module', pattern: 'app.payments.*' },
        [
          { kind: 'user', email: 'ana@example.com' },
          { kind: 'team', slug: 'payments' },
        ],
      ],
      [4, { kind: 'url', pattern: '*/checkout/*' }, [{ kind: 'team', slug: 'checkout' }]],
      [5, { kind: 'tags', tag: 'feature', pattern: 'search' }, [{ kind: 'team', slug: 'search' }]],
      [6, { kind: 'culprit', pattern: '*Invoice *' }, [{ kind: 'team', slug: 'billing' }]],
    ]);
    expect(rules[2]!.text).toBe('url:*/checkout/* #checkout');
  });

  it.each([
    [
      'src/billing/** #billing',
      1,
      1,
      'a matcher like path:src/** (path, module, url, culprit or tags.<key>)',
    ],
    ['file:src/** #billing', 1, 1, 'a matcher kind: path, module, url, culprit or tags.<key>'],
    ['tags.:x #billing', 1, 1, 'a matcher kind: path, module, url, culprit or tags.<key>'],
    ['path: #billing', 1, 6, "a pattern after 'path:'"],
    ['path:src/**', 1, 13, 'at least one owner (#team or an email) after the pattern'],
    ['path:src/** billing', 1, 13, 'an owner: #team or an email'],
    [
      'path:src/** @ana',
      1,
      13,
      'an owner: #team or an email (GitHub handles belong in the CODEOWNERS import)',
    ],
    ['path:"src/** #billing', 1, 22, 'a closing " to end the pattern'],
    ['path:"src"x #billing', 1, 11, 'a space after the closing quote'],
    ['# fine\n\n  module:a.* #ok ana@', 3, 18, 'an owner: #team or an email'],
  ])('%j is a problem at line %i, column %i: expected %s', (text, line, column, expected) => {
    const { rules, problems } = parseOwnershipRules(text);
    expect(rules.filter((r) => r.line === line)).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({
        source: 'rules',
        line,
        column,
        expected,
        message: expect.stringContaining(`line ${line}, column ${column}`),
      }),
    ]);
  });

  it('reports every bad line, not only the first', () => {
    const { problems } = parseOwnershipRules('nope\npath:a/** #ok\nurl:x\n');
    expect(problems.map((p) => p.line)).toEqual([1, 3]);
  });
});

describe('reading CODEOWNERS', () => {
  it('reads patterns, handles, teams and emails, comments and owner-less lines', () => {
    const { rules, problems } = parseCodeowners(
      [
        '# Owners',
        '*       @acme/core',
        '/src/billing/  @acme/billing ana@example.com  # billing code',
        'docs/*  @Octo-Cat',
        'src/billing/legacy/',
        '\\#notes @acme/core',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(rules.map((r) => [r.line, r.matcher.pattern, r.owners.map((o) => o.owner)])).toEqual([
      [2, '*', [{ kind: 'handle', handle: '@acme/core' }]],
      [
        3,
        '/src/billing/',
        [
          { kind: 'handle', handle: '@acme/billing' },
          { kind: 'user', email: 'ana@example.com' },
        ],
      ],
      [4, 'docs/*', [{ kind: 'handle', handle: '@octo-cat' }]],
      [5, 'src/billing/legacy/', []],
      [6, '#notes', [{ kind: 'handle', handle: '@acme/core' }]],
    ]);
  });

  it('names the line and column of what GitHub would skip', () => {
    const { problems } = parseCodeowners(
      '*.js @acme/web\n!*.test.js @acme/qa\nsrc/** acme-team\nlib/[ab].js @x',
    );
    expect(problems.map((p) => [p.line, p.column, p.expected])).toEqual([
      [2, 1, 'a path pattern (CODEOWNERS has no ! or [ ] patterns)'],
      [3, 8, 'an owner: @user, @org/team or an email'],
      [4, 5, 'a path pattern (CODEOWNERS has no ! or [ ] patterns)'],
    ]);
  });
});

describe('path patterns', () => {
  it.each([
    ['src/billing/**', '/srv/app/src/billing/invoice.ts', true],
    ['src/billing/**', 'src/billing/deep/er/x.ts', true],
    ['src/billing/**', 'src/billingual/x.ts', false],
    ['/src/billing/', 'src/billing/x.ts', true],
    ['*.py', '/srv/billing/invoices.py', true],
    ['*.py', '/srv/billing/invoices.pyc', false],
    ['docs/*', 'docs/a.md', true],
    ['docs/*', 'docs/a/b.md', false],
    ['app/**/views/*.ts', 'app/views/x.ts', true],
    ['app/**/views/*.ts', 'app/a/b/views/x.ts', true],
    ['Checkout.cjs', '/srv/shop/checkout.cjs', true],
    ['shop', '/srv/shop/checkout.cjs', true],
  ])('%s against %s: %s', (pattern, path, expected) => {
    expect(compilePathGlob(pattern).test(path)).toBe(expected);
  });
});

describe('matching events from real SDKs', () => {
  it('path: the in-app frame of @sentry/node, innermost first', () => {
    expect(winner('path:/srv/shop/*.cjs #shop', nodeEvent)).toEqual({
      line: 1,
      field: 'path',
      value: '/srv/shop/checkout.cjs',
    });
    // node:internal frames are not in the app.
    expect(winner('path:loader #node', nodeEvent)).toBeNull();
  });

  it('path: the abs_path of sentry-python frames, module: their module', () => {
    expect(winner('path:billing/** #billing', pythonEvent)).toMatchObject({
      value: '/srv/billing/invoices.py',
    });
    expect(winner('module:__main__ #billing', pythonEvent)).toEqual({
      line: 1,
      field: 'module',
      value: '__main__',
    });
  });

  it('tags and culprit, as normalization made them', () => {
    expect(winner('tags.route:/check* #checkout', nodeEvent)).toEqual({
      line: 1,
      field: 'tags.route',
      value: '/checkout',
    });
    expect(winner('culprit:chargeCard* #payments', nodeEvent)).toEqual({
      line: 1,
      field: 'culprit',
      value: 'chargeCard(checkout)',
    });
  });

  it('url: the request URL; a browser bundle path through its URL', () => {
    const event = browserError('x is undefined', cartFrames({ hash: 'a1b2', shift: 0 }), {
      request: { url: 'https://shop.example.com/checkout/pay?step=2' },
    });
    expect(browserCtx.clockDriftMs).toBe(0);
    expect(winner('url:*/checkout/* #checkout', event)).toMatchObject({ field: 'url' });
    expect(winner('path:static/js/main.*.js #web', event)).toEqual({
      line: 1,
      field: 'path',
      value: '/static/js/main.a1b2.js',
    });
  });

  it('a raven-ruby event with no in-app frame matches no path rule', () => {
    expect(winner('path:movie.rb #ruby', rubyEvent)).toBeNull();
  });

  it('the last matching rule wins', () => {
    const text = ['path:/srv/** #platform', 'path:/srv/shop/** #shop', 'path:/srv/billing/** #billing'].join(
      '\n',
    );
    expect(winner(text, nodeEvent)?.line).toBe(2);
    expect(winner(text, pythonEvent)?.line).toBe(3);
    expect(winner(`${text}\ntags.route:* #web`, nodeEvent)?.line).toBe(4);
  });
});
