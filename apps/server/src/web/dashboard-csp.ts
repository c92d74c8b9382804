// The dashboard's own Content Security Policy: only the nonced entry script runs (and what it loads),
// nothing may frame the dashboard, and no injected <base>, <object> or string-to-code sink works.
// `require-trusted-types-for 'script'`: React renders event data as text, and this makes any HTML
// sink a DOM write would need throw instead.

import type { CspOptions } from '@vigie/csp';

export const DASHBOARD_CSP: CspOptions = {
  policy: [
    "default-src 'self'",
    "script-src 'nonce-{nonce}' 'strict-dynamic'",
    // React Aria inserts a <style> or two, with the nonce it reads from <meta name="csp-nonce">.
    "style-src 'self' 'nonce-{nonce}'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "require-trusted-types-for 'script'",
  ].join('; '),
  autoNonce: true,
};
