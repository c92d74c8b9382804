import { describe, expect, it } from 'vitest';
import { isAllowed } from '../policy/match.ts';
import { parsePolicy } from '../policy/parse.ts';
import { serializePolicy } from '../policy/serialize.ts';
import { mergePolicies } from './merge.ts';

describe('mergePolicies', () => {
  it('allows whatever either policy allowed, reading each through its fallbacks', () => {
    const shop = "default-src 'self'; img-src 'self' data:; report-uri /csp";
    const blog = "default-src 'self' https://api.example.com; script-src 'self' https://cdn.example.com";
    const { policy, warnings } = mergePolicies(shop, blog);
    expect(serializePolicy(policy)).toBe(
      "default-src 'self' https://api.example.com; img-src 'self' data: https://api.example.com; " +
        "script-src 'self' https://cdn.example.com; report-uri /csp",
    );
    expect(warnings).toEqual([]);
    const page = 'https://example.com/';
    const cases: Array<[string, string]> = [
      ['img-src', 'data:'],
      ['img-src', 'https://api.example.com/x.png'],
      ['script-src-elem', 'https://cdn.example.com/a.js'],
      ['connect-src', 'https://api.example.com/v1'],
    ];
    for (const [directive, url] of cases) {
      const either = [shop, blog].some((p) => isAllowed(parsePolicy(p).policy, directive, url, page));
      expect(isAllowed(policy, directive, url, page), `${directive} ${url}`).toBe(either);
    }
  });

  it('leaves a kind of request open when one side does not restrict it, and drops a one-sided sandbox', () => {
    const { policy } = mergePolicies(
      "script-src 'self'; object-src 'none'; sandbox allow-scripts",
      "object-src 'none'",
    );
    expect(serializePolicy(policy)).toBe("object-src 'none'");
  });

  it("removes 'none' once the other side allows something", () => {
    const { policy } = mergePolicies("frame-src 'none'", 'frame-src https://www.youtube.com');
    expect(serializePolicy(policy)).toBe('frame-src https://www.youtube.com');
  });

  it("warns when CSP's own rules make the union stricter than either side", () => {
    const { warnings } = mergePolicies(
      "script-src 'self' 'unsafe-inline'",
      "script-src 'nonce-abc123' 'strict-dynamic'",
    );
    expect(warnings).toEqual([
      "script-src: 'unsafe-inline' from one policy is ignored next to the other's nonces, hashes or 'strict-dynamic'; inline code the first allowed will be blocked.",
    ]);
  });
});
