// One check per security header, in the manner of securityheaders.com: each looks at the normalized headers and
// says good, warning, bad or missing, with the points it earns and the reason in words.

/**
 * The verdict on one header. `info` checks are shown but do not count towards the grade.
 *
 * @example
 * const status: CheckStatus = 'missing';
 */
export type CheckStatus = 'good' | 'warning' | 'bad' | 'missing' | 'info';

/**
 * One graded header.
 *
 * @example
 * const check: HeaderCheck = { header: 'X-Content-Type-Options', status: 'good', points: 15, maxPoints: 15, reason: 'Browsers will not sniff content types.' };
 */
export interface HeaderCheck {
  /** The header checked (or the pair, e.g. `X-Frame-Options / frame-ancestors`). */
  header: string;
  status: CheckStatus;
  points: number;
  maxPoints: number;
  reason: string;
  value?: string;
}

function check(
  header: string,
  status: CheckStatus,
  points: number,
  maxPoints: number,
  reason: string,
  value?: string,
): HeaderCheck {
  const result: HeaderCheck = { header, status, points, maxPoints, reason };
  if (value !== undefined) result.value = value;
  return result;
}

/**
 * The HSTS max-age below which a policy counts as short (180 days), as scanners commonly use.
 *
 * @example
 * checkHsts({ 'strict-transport-security': `max-age=${HSTS_MIN_AGE - 1}` }, true).status; // 'warning'
 */
export const HSTS_MIN_AGE = 15_552_000;

/**
 * Strict-Transport-Security (20 points over https; not graded over http, where browsers ignore it).
 *
 * @example
 * checkHsts({ 'strict-transport-security': 'max-age=63072000; includeSubDomains' }, true).status; // 'good'
 */
export function checkHsts(headers: Record<string, string>, https: boolean): HeaderCheck {
  const name = 'Strict-Transport-Security';
  const value = headers['strict-transport-security'];
  if (!https)
    return check(
      name,
      'info',
      0,
      0,
      'Not graded: the page was fetched over http, where browsers ignore HSTS. Serve it over https.',
      value,
    );
  if (value === undefined)
    return check(
      name,
      'missing',
      0,
      20,
      'Missing: browsers may reach the site over plain http, where traffic can be read and changed. Add max-age=31536000; includeSubDomains.',
    );
  const age = Number(/max-age\s*=\s*"?(\d+)/i.exec(value)?.[1] ?? Number.NaN);
  if (Number.isNaN(age))
    return check(name, 'bad', 0, 20, 'No valid max-age: browsers ignore the header.', value);
  if (age === 0)
    return check(name, 'bad', 0, 20, 'max-age=0 tells browsers to forget HSTS for this site.', value);
  if (age < HSTS_MIN_AGE)
    return check(
      name,
      'warning',
      14,
      20,
      `max-age=${age} is under 180 days; use at least a year (31536000).`,
      value,
    );
  const sub = /includesubdomains/i.test(value) ? ', subdomains included' : '; consider includeSubDomains';
  return check(name, 'good', 20, 20, `HTTPS is enforced for ${Math.round(age / 86_400)} days${sub}.`, value);
}

/**
 * X-Content-Type-Options (15 points): must be `nosniff`.
 *
 * @example
 * checkContentTypeOptions({ 'x-content-type-options': 'nosniff' }).status; // 'good'
 */
export function checkContentTypeOptions(headers: Record<string, string>): HeaderCheck {
  const name = 'X-Content-Type-Options';
  const value = headers['x-content-type-options'];
  if (value === undefined)
    return check(
      name,
      'missing',
      0,
      15,
      'Missing: browsers may guess ("sniff") content types and run an upload as a script. Add nosniff.',
    );
  if (value.trim().toLowerCase() !== 'nosniff')
    return check(name, 'bad', 0, 15, `"${value}" is not valid; the only value is nosniff.`, value);
  return check(name, 'good', 15, 15, 'Browsers will not sniff content types.', value);
}

/**
 * Framing (15 points): CSP frame-ancestors (from the enforced policies) or X-Frame-Options.
 *
 * @example
 * checkFraming({ 'x-frame-options': 'DENY' }, undefined).status; // 'good'
 */
export function checkFraming(
  headers: Record<string, string>,
  frameAncestors: readonly string[] | undefined,
): HeaderCheck {
  const name = 'X-Frame-Options / frame-ancestors';
  if (frameAncestors !== undefined) {
    const value = `frame-ancestors ${frameAncestors.join(' ')}`;
    if (frameAncestors.some((v) => v === '*' || /^https?:$/i.test(v))) {
      return check(name, 'warning', 10, 15, 'frame-ancestors allows any site to frame the page.', value);
    }
    return check(name, 'good', 15, 15, 'The CSP says which sites may frame the page.', value);
  }
  const value = headers['x-frame-options'];
  if (value === undefined)
    return check(
      name,
      'missing',
      0,
      15,
      "Missing: any site can frame the page (clickjacking). Add frame-ancestors 'none' (or 'self') to the CSP.",
    );
  const mode = value.trim().toUpperCase();
  if (mode === 'DENY' || mode === 'SAMEORIGIN')
    return check(name, 'good', 15, 15, `X-Frame-Options ${mode} prevents framing by other sites.`, value);
  return check(
    name,
    'bad',
    0,
    15,
    `"${value}" is not understood by current browsers (ALLOW-FROM is obsolete); use CSP frame-ancestors.`,
    value,
  );
}

const GOOD_REFERRER = ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'];
const WEAK_REFERRER = ['origin', 'origin-when-cross-origin', 'no-referrer-when-downgrade'];

/**
 * Referrer-Policy (15 points). With a list, the last value the browser knows wins.
 *
 * @example
 * checkReferrerPolicy({ 'referrer-policy': 'strict-origin-when-cross-origin' }).status; // 'good'
 */
export function checkReferrerPolicy(headers: Record<string, string>): HeaderCheck {
  const name = 'Referrer-Policy';
  const value = headers['referrer-policy'];
  if (value === undefined)
    return check(
      name,
      'missing',
      0,
      15,
      'Missing: say what other sites learn of your URLs. Add strict-origin-when-cross-origin (or no-referrer).',
    );
  const known = value
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => [...GOOD_REFERRER, ...WEAK_REFERRER, 'unsafe-url'].includes(t));
  const policy = known.at(-1);
  if (policy === undefined)
    return check(name, 'bad', 0, 15, `"${value}" is not a referrer policy browsers know.`, value);
  if (policy === 'unsafe-url')
    return check(
      name,
      'bad',
      0,
      15,
      'unsafe-url sends full URLs (paths, query strings) everywhere, even to http sites.',
      value,
    );
  if (WEAK_REFERRER.includes(policy))
    return check(
      name,
      'warning',
      10,
      15,
      `${policy} still leaks more than strict-origin-when-cross-origin.`,
      value,
    );
  return check(name, 'good', 15, 15, `${policy} keeps URLs from leaking to other sites.`, value);
}

/**
 * Permissions-Policy (10 points); the old Feature-Policy only earns part.
 *
 * @example
 * checkPermissionsPolicy({ 'permissions-policy': 'camera=(), geolocation=()' }).status; // 'good'
 */
export function checkPermissionsPolicy(headers: Record<string, string>): HeaderCheck {
  const name = 'Permissions-Policy';
  const value = headers['permissions-policy'];
  if (value !== undefined && value.trim() !== '')
    return check(name, 'good', 10, 10, 'Powerful browser features are restricted.', value);
  const legacy = headers['feature-policy'];
  if (legacy !== undefined)
    return check(
      name,
      'warning',
      7,
      10,
      'Only the deprecated Feature-Policy is set; rename it to Permissions-Policy (new syntax).',
      legacy,
    );
  return check(
    name,
    'missing',
    0,
    10,
    'Missing: limit features such as camera, microphone and geolocation, e.g. camera=(), microphone=(), geolocation=().',
  );
}
