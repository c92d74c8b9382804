// Emits a policy as helmet's `contentSecurityPolicy` options (Express), as data or as code to paste. The nonce
// placeholder becomes helmet's documented per-response function reading `res.locals.cspNonce`.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PolicyInput } from '../generator/edit.ts';
import { toPolicy } from '../generator/edit.ts';
import { NONCE_PLACEHOLDER } from '../generator/nonce-placeholder.ts';
import { record } from '../own.ts';
import type { EmitOptions } from './header.ts';

/**
 * A directive value helmet computes per response.
 *
 * @example
 * const nonce: HelmetDynamicSource = (_req, res) => `'nonce-${(res as { locals?: { cspNonce?: string } }).locals?.cspNonce}'`;
 */
export type HelmetDynamicSource = (req: IncomingMessage, res: ServerResponse) => string;

/**
 * helmet's `contentSecurityPolicy` option.
 *
 * @example
 * app.use(helmet({ contentSecurityPolicy: toHelmetConfig(policy) satisfies HelmetCspConfig }));
 */
export interface HelmetCspConfig {
  useDefaults: false;
  reportOnly: boolean;
  directives: Record<string, Array<string | HelmetDynamicSource>>;
}

/** Reads the nonce our middleware (or your own) stored in `res.locals.cspNonce`. */
const nonceFromLocals: HelmetDynamicSource = (_req, res) => {
  const locals = (res as ServerResponse & { locals?: { cspNonce?: unknown } }).locals;
  return `'nonce-${String(locals?.cspNonce ?? '')}'`;
};

/**
 * helmet's options for the policy (`useDefaults: false`, so helmet adds nothing of its own).
 *
 * @example
 * import helmet from 'helmet';
 * app.use((req, res, next) => { res.locals.cspNonce = randomBytes(16).toString('base64'); next(); });
 * app.use(helmet({ contentSecurityPolicy: toHelmetConfig("script-src 'nonce-{nonce}' 'strict-dynamic'") }));
 */
export function toHelmetConfig(policy: PolicyInput, options: EmitOptions = {}): HelmetCspConfig {
  const directives: HelmetCspConfig['directives'] = record();
  for (const d of toPolicy(policy).directives) {
    directives[d.name] = d.values.map((v) => (v === NONCE_PLACEHOLDER ? nonceFromLocals : v));
  }
  return { useDefaults: false, reportOnly: options.reportOnly === true, directives };
}

/**
 * JavaScript to paste into an Express app that uses helmet.
 *
 * @example
 * formatHelmetConfig("default-src 'self'; object-src 'none'");
 * // app.use(
 * //   helmet({
 * //     contentSecurityPolicy: {
 * //       useDefaults: false,
 * //       reportOnly: false,
 * //       directives: {
 * //         'default-src': ["'self'"],
 * //         'object-src': ["'none'"],
 * //       },
 * // …
 */
export function formatHelmetConfig(policy: PolicyInput, options: EmitOptions = {}): string {
  const parsed = toPolicy(policy);
  const nonced = parsed.directives.some((d) => d.values.includes(NONCE_PLACEHOLDER));
  // biome-ignore lint/suspicious/noTemplateCurlyInString: printed JavaScript for the user, not a template here.
  const nonceCode = "(req, res) => `'nonce-${res.locals.cspNonce}'`";
  const lines = parsed.directives.map((d) => {
    const values = d.values.map((v) => (v === NONCE_PLACEHOLDER ? nonceCode : JSON.stringify(v)));
    return `        '${d.name}': [${values.join(', ')}],`;
  });
  const setup = nonced
    ? [
        '// A fresh nonce per response, read by the policy below and by your templates.',
        "app.use((req, res, next) => { res.locals.cspNonce = crypto.randomBytes(16).toString('base64'); next(); });",
      ]
    : [];
  return [
    ...setup,
    'app.use(',
    '  helmet({',
    '    contentSecurityPolicy: {',
    '      useDefaults: false,',
    `      reportOnly: ${options.reportOnly === true},`,
    '      directives: {',
    ...lines,
    '      },',
    '    },',
    '  }),',
    ');',
  ].join('\n');
}
