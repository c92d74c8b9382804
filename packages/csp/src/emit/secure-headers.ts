// Emits a policy as a Rails initializer for the secure_headers gem. secure_headers inserts nonces itself
// (nonced_javascript_tag), strips schemes unless told not to, and insists on default_src and script_src.

import type { PolicyInput } from '../generator/edit.ts';
import { toPolicy } from '../generator/edit.ts';
import { NONCE_PLACEHOLDER } from '../generator/nonce-placeholder.ts';
import { directiveKind } from '../policy/directives.ts';
import type { Directive } from '../policy/model.ts';
import { getDirective } from '../policy/model.ts';
import type { EmitOptions } from './header.ts';

// The directives secure_headers' configuration accepts (it raises on any other).
const SUPPORTED = new Set([
  'base-uri',
  'block-all-mixed-content',
  'child-src',
  'connect-src',
  'default-src',
  'font-src',
  'form-action',
  'frame-ancestors',
  'frame-src',
  'img-src',
  'manifest-src',
  'media-src',
  'object-src',
  'plugin-types',
  'report-uri',
  'sandbox',
  'script-src',
  'style-src',
  'upgrade-insecure-requests',
  'worker-src',
]);

function rubyValue(directive: Directive): string {
  if (directiveKind(directive.name) === 'no-value') return 'true';
  const values = directive.values.filter((v) => v !== NONCE_PLACEHOLDER);
  if (directive.name === 'sandbox' && values.length === 0) return 'true';
  return values.length === 0 ? 'SecureHeaders::OPT_OUT' : `%w(${values.join(' ')})`;
}

function entries(directives: readonly Directive[]): { lines: string[]; skipped: string[] } {
  const lines = ['preserve_schemes: true, # keep https:// on hosts'];
  const skipped: string[] = [];
  // secure_headers requires both; a missing one means "not restricted", which OPT_OUT says.
  const required = ['default-src', 'script-src'].filter((name) => !directives.some((d) => d.name === name));
  for (const name of required) lines.push(`${name.replace(/-/g, '_')}: SecureHeaders::OPT_OUT,`);
  for (const d of directives) {
    if (!SUPPORTED.has(d.name)) {
      skipped.push(`${d.name} ${d.values.join(' ')}`.trim());
      continue;
    }
    lines.push(`${d.name.replace(/-/g, '_')}: ${rubyValue(d)},`);
  }
  return { lines, skipped };
}

/**
 * A `config/initializers/secure_headers.rb` for the policy. Report-only policies go to `csp_report_only`
 * (with `csp` opted out). The nonce placeholder is left to secure_headers, which adds the request's nonce to
 * script-src when views use `nonced_javascript_tag`; directives it does not know are listed in a comment.
 *
 * @example
 * toSecureHeaders("default-src 'self'; script-src 'self' https://cdn.example.com; upgrade-insecure-requests");
 * // SecureHeaders::Configuration.default do |config|
 * //   config.csp = {
 * //     preserve_schemes: true, # keep https:// on hosts
 * //     default_src: %w('self'),
 * //     script_src: %w('self' https://cdn.example.com),
 * //     upgrade_insecure_requests: true,
 * //   }
 * // end
 */
export function toSecureHeaders(policy: PolicyInput, options: EmitOptions = {}): string {
  const parsed = toPolicy(policy);
  const { lines, skipped } = entries(parsed.directives);
  const nonced = getDirective(parsed, 'script-src')?.values.includes(NONCE_PLACEHOLDER) === true;
  const comments = [
    ...(nonced
      ? [
          '  # Nonces: use nonced_javascript_tag (or content_security_policy_script_nonce) in views;',
          "  # secure_headers then adds the request's nonce to script-src.",
        ]
      : []),
    ...(skipped.length > 0
      ? [
          `  # Not supported by secure_headers' config, add by hand if your version allows: ${skipped.join('; ')}`,
        ]
      : []),
  ];
  const target = options.reportOnly === true ? 'csp_report_only' : 'csp';
  const optOut = options.reportOnly === true ? ['  config.csp = SecureHeaders::OPT_OUT'] : [];
  return [
    '# config/initializers/secure_headers.rb',
    'SecureHeaders::Configuration.default do |config|',
    ...comments,
    ...optOut,
    `  config.${target} = {`,
    ...lines.map((line) => `    ${line}`),
    '  }',
    'end',
  ].join('\n');
}
