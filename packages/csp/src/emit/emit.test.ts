import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { toCaddy } from './caddy.ts';
import { EMIT_FORMATS, emitPolicy } from './format.ts';
import { formatHeader, toHeader } from './header.ts';
import { formatHelmetConfig, toHelmetConfig } from './helmet.ts';
import { toMetaTag } from './meta.ts';
import { toNginx } from './nginx.ts';
import { toSecureHeaders } from './secure-headers.ts';

const allowlist =
  "default-src 'self'; script-src 'self' https://cdn.example.com; img-src 'self' data:; frame-ancestors 'none'; " +
  'upgrade-insecure-requests; report-uri https://vigie.example.com/csp';
const strict =
  "script-src 'nonce-{nonce}' 'strict-dynamic' 'unsafe-inline' https:; object-src 'none'; base-uri 'none'";

describe('header', () => {
  it('emits the enforced and the report-only header', () => {
    expect(formatHeader(allowlist)).toBe(`Content-Security-Policy: ${allowlist}`);
    expect(toHeader("default-src   'self' ;", { reportOnly: true })).toEqual({
      name: 'Content-Security-Policy-Report-Only',
      value: "default-src 'self'",
    });
  });
});

describe('meta', () => {
  it('leaves out what browsers ignore in a meta policy and says so', () => {
    expect(toMetaTag(allowlist)).toBe(
      '<!-- frame-ancestors, report-uri are ignored in a <meta> policy: send them as a Content-Security-Policy header -->\n' +
        `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' https://cdn.example.com; img-src 'self' data:; upgrade-insecure-requests">`,
    );
  });

  it('escapes the attribute value', () => {
    expect(toMetaTag('img-src https://a.example.com/?a=1&b="2"')).toContain(
      'content="img-src https://a.example.com/?a=1&amp;b=&quot;2&quot;"',
    );
  });
});

describe('helmet', () => {
  it('gives helmet options whose nonce function reads res.locals.cspNonce', () => {
    const config = toHelmetConfig(strict, { reportOnly: true });
    expect(config.useDefaults).toBe(false);
    expect(config.reportOnly).toBe(true);
    expect(config.directives['object-src']).toEqual(["'none'"]);
    const nonce = config.directives['script-src']?.[0];
    if (typeof nonce !== 'function') throw new Error('expected a per-response function for the nonce');
    const res = { locals: { cspNonce: 'r4nd0m' } } as unknown as ServerResponse;
    expect(nonce({} as IncomingMessage, res)).toBe("'nonce-r4nd0m'");
  });

  it('prints code that sets the nonce and passes it to helmet', () => {
    const code = formatHelmetConfig(strict);
    expect(code).toContain("res.locals.cspNonce = crypto.randomBytes(16).toString('base64')");
    expect(code).toContain(
      `'script-src': [(req, res) => \`'nonce-\${res.locals.cspNonce}'\`, "'strict-dynamic'", "'unsafe-inline'", "https:"],`,
    );
    expect(code).toContain(`'base-uri': ["'none'"],`);
  });
});

describe('secure_headers', () => {
  it('writes a Rails initializer with schemes kept and booleans for value-less directives', () => {
    expect(toSecureHeaders(allowlist)).toBe(
      [
        '# config/initializers/secure_headers.rb',
        'SecureHeaders::Configuration.default do |config|',
        '  config.csp = {',
        '    preserve_schemes: true, # keep https:// on hosts',
        "    default_src: %w('self'),",
        "    script_src: %w('self' https://cdn.example.com),",
        "    img_src: %w('self' data:),",
        "    frame_ancestors: %w('none'),",
        '    upgrade_insecure_requests: true,',
        '    report_uri: %w(https://vigie.example.com/csp),',
        '  }',
        'end',
      ].join('\n'),
    );
  });

  it('opts out of the enforced policy for report-only, and leaves nonces to secure_headers', () => {
    const ruby = toSecureHeaders(strict, { reportOnly: true });
    expect(ruby).toContain('  config.csp = SecureHeaders::OPT_OUT\n  config.csp_report_only = {');
    expect(ruby).toContain('    default_src: SecureHeaders::OPT_OUT,');
    expect(ruby).toContain("    script_src: %w('strict-dynamic' 'unsafe-inline' https:),");
    expect(ruby).toContain('nonced_javascript_tag');
    expect(ruby).not.toContain('{nonce}');
  });

  it('lists directives secure_headers does not accept instead of emitting them', () => {
    expect(
      toSecureHeaders("default-src 'self'; script-src 'self'; require-trusted-types-for 'script'"),
    ).toContain("add by hand if your version allows: require-trusted-types-for 'script'");
  });
});

describe('nginx and caddy', () => {
  it('emit one header line each', () => {
    expect(toNginx("default-src 'self'")).toBe(
      `add_header Content-Security-Policy "default-src 'self'" always;`,
    );
    expect(toCaddy("default-src 'self'", { reportOnly: true })).toBe(
      `header Content-Security-Policy-Report-Only "default-src 'self'"`,
    );
  });

  it("turn the nonce placeholder into the server's per-request id and show how to put it in the HTML", () => {
    const nginx = toNginx(strict);
    expect(nginx).toContain(
      `add_header Content-Security-Policy "script-src 'nonce-$request_id' 'strict-dynamic'`,
    );
    expect(nginx).toContain("sub_filter '{nonce}' $request_id;");
    const caddy = toCaddy(strict);
    expect(caddy).toContain(
      `header Content-Security-Policy "script-src 'nonce-{http.request.uuid}' 'strict-dynamic'`,
    );
    expect(caddy).toContain('{{placeholder "http.request.uuid"}}');
  });
});

describe('emitPolicy', () => {
  it('emits every format the CLI offers', () => {
    for (const format of EMIT_FORMATS) expect(emitPolicy(allowlist, format).length).toBeGreaterThan(20);
    expect(emitPolicy(allowlist, 'header', { reportOnly: true })).toMatch(
      /^Content-Security-Policy-Report-Only: /,
    );
  });
});
