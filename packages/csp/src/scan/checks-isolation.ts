// Informational checks that do not change the grade (as securityheaders.com lists "upcoming" headers): the
// cross-origin isolation trio and headers that reveal the server's software.

import type { HeaderCheck } from './checks.ts';

function info(header: string, reason: string, value?: string): HeaderCheck {
  const result: HeaderCheck = { header, status: 'info', points: 0, maxPoints: 0, reason };
  if (value !== undefined) result.value = value;
  return result;
}

const ISOLATION: ReadonlyArray<{ header: string; good: readonly string[]; missing: string }> = [
  {
    header: 'Cross-Origin-Opener-Policy',
    good: ['same-origin', 'same-origin-allow-popups', 'noopener-allow-popups'],
    missing:
      'Not set: pages you open or that open you share a browsing context group. same-origin isolates them.',
  },
  {
    header: 'Cross-Origin-Embedder-Policy',
    good: ['require-corp', 'credentialless'],
    missing: 'Not set: needed (with COOP same-origin) for cross-origin isolation, e.g. SharedArrayBuffer.',
  },
  {
    header: 'Cross-Origin-Resource-Policy',
    good: ['same-origin', 'same-site'],
    missing: 'Not set: other sites can embed these responses; same-origin or same-site limits that.',
  },
];

/**
 * COOP, COEP and CORP, each present or not and whether the value isolates.
 *
 * @example
 * checkIsolation({ 'cross-origin-opener-policy': 'same-origin' })[0]?.reason; // 'same-origin: isolated.'
 */
export function checkIsolation(headers: Record<string, string>): HeaderCheck[] {
  return ISOLATION.map(({ header, good, missing }) => {
    const value = headers[header.toLowerCase()];
    if (value === undefined) return info(header, missing);
    const token = value.split(';')[0]!.trim().toLowerCase();
    return good.includes(token)
      ? info(header, `${token}: isolated.`, value)
      : info(header, `${token}: does not isolate.`, value);
  });
}

/**
 * Headers that tell attackers which software (and version) runs the site.
 *
 * @example
 * checkDisclosure({ 'x-powered-by': 'Express' })[0]?.header; // 'X-Powered-By'
 */
export function checkDisclosure(headers: Record<string, string>): HeaderCheck[] {
  const found: HeaderCheck[] = [];
  const powered = headers['x-powered-by'];
  if (powered !== undefined)
    found.push(
      info(
        'X-Powered-By',
        'Reveals the framework; remove it (Express: app.disable("x-powered-by")).',
        powered,
      ),
    );
  const server = headers.server;
  if (server !== undefined && /\d/.test(server))
    found.push(
      info('Server', 'Reveals the server software and version; trim it to the name or remove it.', server),
    );
  return found;
}
