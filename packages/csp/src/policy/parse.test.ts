import { describe, expect, it } from 'vitest';
import {
  MAX_POLICY_LENGTH,
  PolicyTooLargeError,
  parseMetaPolicy,
  parsePolicy,
  parsePolicyHeader,
} from './parse.ts';
import { serializePolicy } from './serialize.ts';
import { validatePolicy } from './validate.ts';

const codes = (problems: { code?: string }[]) => problems.map((p) => p.code);

describe('parsePolicy', () => {
  it('reads directives in order, lower-cases names and keeps values as written', () => {
    const { policy, problems } = parsePolicy(
      "Default-Src 'self';script-src  'nonce-r4nd0mR4nd0m' 'strict-dynamic'\thttps://cdn.example.net ; img-src * data:",
    );
    expect(policy.directives).toEqual([
      { name: 'default-src', values: ["'self'"] },
      { name: 'script-src', values: ["'nonce-r4nd0mR4nd0m'", "'strict-dynamic'", 'https://cdn.example.net'] },
      { name: 'img-src', values: ['*', 'data:'] },
    ]);
    expect(problems).toEqual([]);
  });

  it('keeps the first of duplicate directives, as browsers do, and points at the ignored one', () => {
    const text = "script-src 'self'; img-src 'self'; script-src https://js.stripe.com";
    const { policy, problems } = parsePolicy(text);
    expect(policy.directives.map((d) => d.name)).toEqual(['script-src', 'img-src']);
    expect(policy.directives[0]?.values).toEqual(["'self'"]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code: 'duplicate-directive',
      severity: 'error',
      directive: 'script-src',
    });
    const problem = problems[0]!;
    expect(text.slice(problem.offset, problem.offset + problem.length)).toBe(
      'script-src https://js.stripe.com',
    );
  });

  it('keeps unknown directives with a warning on the misspelt name', () => {
    const text = "default-src 'self'; scirpt-src 'self' https://js.stripe.com";
    const { policy, problems } = parsePolicy(text);
    expect(policy.directives[1]).toEqual({ name: 'scirpt-src', values: ["'self'", 'https://js.stripe.com'] });
    expect(problems[0]).toMatchObject({
      code: 'unknown-directive',
      severity: 'warning',
      offset: 20,
      length: 10,
    });
  });

  it('explains that a directive name written with a colon is ignored', () => {
    const { policy, problems } = parsePolicy("default-src: 'self'; img-src 'self' data:");
    expect(policy.directives.map((d) => d.name)).toEqual(['img-src']);
    expect(problems[0]).toMatchObject({ code: 'invalid-directive-name', offset: 0, length: 12 });
    expect(problems[0]?.message).toContain('Write "default-src" without the colon');
  });

  it('flags unquoted keywords at their exact position', () => {
    const text = "default-src 'self'; script-src self https://cdn.example.net; object-src none";
    const { problems } = parsePolicy(text);
    expect(codes(problems)).toEqual(['unquoted-keyword', 'unquoted-keyword']);
    expect(problems.map((p) => text.slice(p.offset, p.offset + p.length))).toEqual(['self', 'none']);
    expect(problems[0]?.message).toContain("'self'");
  });

  it('flags misspelt keywords and malformed nonces as invalid keywords', () => {
    const { problems } = parsePolicy("script-src 'unsafe-inlne' 'nonce-<%= nonce %>'");
    expect(problems.map((p) => [p.code, p.value])).toEqual([
      ['invalid-keyword', "'unsafe-inlne'"],
      ['invalid-keyword', "'nonce-<%="],
      ['invalid-source', "%>'"],
    ]);
  });

  it('detects a missing semicolon when a directive name shows up as a value', () => {
    const text = "default-src 'self' script-src 'self' https://cdn.jsdelivr.net; img-src 'self' data:";
    const { policy, problems } = parsePolicy(text);
    expect(policy.directives.map((d) => d.name)).toEqual(['default-src', 'img-src']);
    expect(problems[0]).toMatchObject({
      code: 'missing-semicolon',
      value: 'script-src',
      offset: 19,
      length: 10,
    });
  });

  it('reports a comma inside a value, which would split a header into two policies', () => {
    const { problems } = parsePolicy("script-src 'self', https://cdnjs.cloudflare.com");
    expect(problems[0]).toMatchObject({ code: 'comma-in-value', value: "'self',", offset: 11 });
  });

  it('drops a directive containing non-ASCII characters, like typographic quotes, as browsers do', () => {
    const { policy, problems } = parsePolicy("img-src ‘self’ data:; object-src 'none'");
    expect(policy.directives.map((d) => d.name)).toEqual(['object-src']);
    expect(problems[0]).toMatchObject({ code: 'non-ascii', directive: 'img-src', offset: 0, length: 20 });
  });

  it("warns when 'none' is mixed with other sources, and when a source list is empty", () => {
    const { problems } = parsePolicy("default-src 'none' 'self'; img-src");
    expect(codes(problems)).toEqual(['none-with-other-sources', 'empty-source-list']);
  });

  it('accepts values of non-source directives without source checks', () => {
    const text =
      "sandbox allow-scripts allow-forms; report-to csp-endpoint; trusted-types default dompurify 'allow-duplicates'; require-trusted-types-for 'script'; upgrade-insecure-requests";
    expect(parsePolicy(text).problems).toEqual([]);
  });

  it('flags values after a directive that takes none', () => {
    const { problems } = parsePolicy('upgrade-insecure-requests https:');
    expect(problems[0]).toMatchObject({ code: 'unexpected-value', value: 'https:' });
  });

  it('ignores empty directives and surrounding whitespace', () => {
    const { policy, problems } = parsePolicy("  default-src 'self';; ;  object-src 'none';  ");
    expect(policy.directives.map((d) => d.name)).toEqual(['default-src', 'object-src']);
    expect(problems).toEqual([]);
  });

  it('gives an empty policy for empty text', () => {
    expect(parsePolicy('')).toEqual({ policy: { directives: [] }, problems: [] });
  });
});

describe('parsePolicyHeader', () => {
  it('splits a header value into its comma-separated policies', () => {
    const { policies, problems } = parsePolicyHeader(
      "default-src 'self'; img-src *, script-src 'nonce-abcdefgh12345678'",
    );
    expect(policies.map(serializePolicy)).toEqual([
      "default-src 'self'; img-src *",
      "script-src 'nonce-abcdefgh12345678'",
    ]);
    expect(problems).toEqual([]);
  });

  it('reports a comma between sources, which turns the rest into a broken policy', () => {
    const header = "script-src 'self' https://a.example.com, https://b.example.com; object-src 'none'";
    const { policies, problems } = parsePolicyHeader(header);
    expect(policies).toHaveLength(2);
    const comma = problems.find((p) => p.code === 'comma-in-value');
    expect(comma).toMatchObject({ severity: 'error', offset: header.indexOf(','), length: 1 });
    expect(problems.find((p) => p.code === 'invalid-directive-name')?.directive).toBe(
      'https://b.example.com',
    );
  });

  it('gives offsets relative to the whole header value', () => {
    const header = "img-src 'self', script-src self";
    const { problems } = parsePolicyHeader(header);
    expect(problems[0]?.offset).toBe(header.lastIndexOf('self'));
  });

  it('skips empty policies from stray commas', () => {
    expect(parsePolicyHeader(", img-src 'self',").policies).toHaveLength(1);
  });
});

describe('parseMetaPolicy', () => {
  it('drops frame-ancestors, report-uri and sandbox with a warning each', () => {
    const content =
      "default-src 'self'; frame-ancestors 'none'; sandbox allow-scripts; report-uri https://vigie.example.com/csp";
    const { policy, problems } = parseMetaPolicy(content);
    expect(policy.directives.map((d) => d.name)).toEqual(['default-src']);
    expect(problems.map((p) => [p.code, p.directive])).toEqual([
      ['ignored-in-meta', 'frame-ancestors'],
      ['ignored-in-meta', 'sandbox'],
      ['ignored-in-meta', 'report-uri'],
    ]);
    expect(content.slice(problems[0]!.offset, problems[0]!.offset + problems[0]!.length)).toBe(
      'frame-ancestors',
    );
  });

  it('reads a meta policy as one policy: commas do not separate policies there', () => {
    expect(parseMetaPolicy("img-src 'self', script-src 'self'").policy.directives).toHaveLength(1);
  });
});

describe('serializePolicy', () => {
  it('writes a canonical form that parses back to the same policy', () => {
    const messy =
      "  DEFAULT-SRC 'self' ;script-src\t'nonce-x1y2z3w4' 'strict-dynamic';upgrade-insecure-requests;";
    const { policy } = parsePolicy(messy);
    const canonical = serializePolicy(policy);
    expect(canonical).toBe(
      "default-src 'self'; script-src 'nonce-x1y2z3w4' 'strict-dynamic'; upgrade-insecure-requests",
    );
    expect(parsePolicy(canonical).policy).toEqual(policy);
  });
});

describe('parsing large policies', () => {
  const many = (count: number) => Array.from({ length: count }, (_, i) => `x-${i} 'self'`).join('; ');

  it('reads 50,000 directives when asked to (timings: npm run bench:csp), keeping the first of duplicates', () => {
    const text = `${many(50_000)}; x-7 'none'`;
    const { policy, problems } = parsePolicy(text, { maxLength: Number.POSITIVE_INFINITY });
    expect(policy.directives).toHaveLength(50_000);
    expect(policy.directives[7]).toEqual({ name: 'x-7', values: ["'self'"] });
    expect(problems.filter((p) => p.code === 'duplicate-directive')).toHaveLength(1);
    expect(validatePolicy(policy)).toEqual([]);
  });

  it('refuses text past MAX_POLICY_LENGTH in every parser, saying how long it was and what the limit is', () => {
    const text = many(8_000);
    expect(text.length).toBeGreaterThan(MAX_POLICY_LENGTH);
    for (const parse of [parsePolicy, parsePolicyHeader, parseMetaPolicy]) {
      expect(() => parse(text)).toThrow(PolicyTooLargeError);
    }
    expect(() => parsePolicy(text)).toThrow(
      `The policy is ${text.length.toLocaleString('en-US')} characters long; @vigie/csp reads policies up to 65,536 characters`,
    );
    expect(parsePolicy(many(10)).policy.directives).toHaveLength(10);
  });
});
