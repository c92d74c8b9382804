// Checks the types and shapes of the middleware's options before anything reads them, so that a wrong value
// (null, a number, an object where a list goes, an http:// reporting endpoint) is a CspConfigError that says
// what to write instead, never a TypeError from deep inside or an empty header.

import { livePolicyProblems } from './live-policy.ts';

const POLICY_EXAMPLE = `"default-src 'self'" or { defaultSrc: ["'self'"] }`;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof RegExp) return 'a regular expression';
  if (typeof value === 'string')
    return value.trim() === '' ? 'an empty string' : `the string "${value.slice(0, 40)}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'number' ? 'the number' : `a ${typeof value}`} ${String(value)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RegExp);
}

function policyProblems(where: string, value: unknown): string[] {
  if (typeof value === 'string') {
    return value.replace(/[;\s]/g, '') === ''
      ? [
          `${where} is empty, which would send an empty header: write its directives, e.g. ${where}: ${POLICY_EXAMPLE}, or leave ${where} out.`,
        ]
      : [];
  }
  if (!isPlainObject(value)) {
    return [
      `${where} must be policy text or an object of directives, e.g. ${where}: ${POLICY_EXAMPLE}; got ${describe(value)}${value === null ? ` (leave ${where} out instead)` : ''}.`,
    ];
  }
  if (Array.isArray(value.directives)) {
    const bad = value.directives.findIndex(
      (d: unknown) =>
        !isPlainObject(d) ||
        typeof d.name !== 'string' ||
        !Array.isArray(d.values) ||
        !d.values.every((v) => typeof v === 'string'),
    );
    if (bad !== -1) return [`${where}.directives[${bad}] must be { name: 'img-src', values: ["'self'"] }.`];
    return value.directives.length === 0
      ? [`${where} has no directives, which would send an empty header: add some, or leave ${where} out.`]
      : [];
  }
  return directivesProblems(where, value, true);
}

function directivesProblems(where: string, value: Record<string, unknown>, asPolicy: boolean): string[] {
  const problems: string[] = [];
  const keys = Object.keys(value);
  if (asPolicy && keys.every((key) => value[key] === false || value[key] === null)) {
    problems.push(
      `${where} has no directives, which would send an empty header: write them, e.g. ${where}: ${POLICY_EXAMPLE}, or leave ${where} out.`,
    );
  }
  for (const key of keys) {
    const v = value[key];
    const ok =
      typeof v === 'string' ||
      typeof v === 'boolean' ||
      v === null ||
      (Array.isArray(v) && v.every((item) => typeof item === 'string'));
    if (!ok) {
      problems.push(
        `${where}.${key} must be a list of sources (["'self'", 'https://cdn.example.com']), one string of them, true for a directive without value${asPolicy ? '' : ', or false to remove it'}; got ${describe(v)}.`,
      );
    }
  }
  return problems;
}

function namedProblems(where: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!isPlainObject(value))
    return [
      `${where} must be an object of named directive sets, e.g. ${where}: { maps: { imgSrc: ['https://maps.gstatic.com'] } }; got ${describe(value)}.`,
    ];
  return Object.entries(value).flatMap(([name, set]) =>
    isPlainObject(set)
      ? directivesProblems(`${where}.${name}`, set, false)
      : [
          `${where}.${name} must be an object of directives, e.g. { imgSrc: ['https://maps.gstatic.com'] }; got ${describe(set)}.`,
        ],
  );
}

function routeProblems(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    return [
      `routes must be a list, e.g. routes: [{ path: '/admin', override: 'admin' }]; got ${describe(value)}.`,
    ];
  return value.flatMap((route: unknown, index) => {
    const where = `routes[${index}]`;
    if (!isPlainObject(route))
      return [
        `${where} must be { path: '/admin', override?: 'name', append?: ['name'] }; got ${describe(route)}.`,
      ];
    const problems: string[] = [];
    if (typeof route.path !== 'string' && !(route.path instanceof RegExp))
      problems.push(
        `${where}.path must be a path prefix such as '/admin' or a RegExp; got ${describe(route.path)}.`,
      );
    if (route.override !== undefined && typeof route.override !== 'string')
      problems.push(`${where}.override must be the name of an override; got ${describe(route.override)}.`);
    const append = route.append;
    if (
      append !== undefined &&
      typeof append !== 'string' &&
      !(Array.isArray(append) && append.every((a) => typeof a === 'string'))
    )
      problems.push(
        `${where}.append must be the name of an append or a list of names; got ${describe(append)}.`,
      );
    return problems;
  });
}

/** Whether browsers deliver Reporting API reports to this URL: https, a local http address, or a relative URL. */
function deliverable(url: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) return true; // relative: resolved against the (https) page
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  if (parsed.protocol === 'https:') return true;
  // Potentially trustworthy origins (Secure Contexts): loopback addresses, for development and tests.
  return (
    parsed.protocol === 'http:' &&
    (parsed.hostname === 'localhost' ||
      parsed.hostname.endsWith('.localhost') ||
      /^127\.\d+\.\d+\.\d+$/.test(parsed.hostname) ||
      parsed.hostname === '[::1]')
  );
}

function reportingProblems(options: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const { reportUri, reportTo } = options;
  if (reportUri !== undefined && (typeof reportUri !== 'string' || reportUri.trim() === ''))
    problems.push(
      `reportUri must be the URL of your collector, e.g. reportUri: 'https://vigie.example.com/api/3/csp-report/?sentry_key=…'; got ${describe(reportUri)}.`,
    );
  if (reportTo === undefined) return problems;
  if (!isPlainObject(reportTo) || typeof reportTo.group !== 'string' || typeof reportTo.url !== 'string') {
    problems.push(
      `reportTo must be { group: 'csp', url: 'https://vigie.example.com/api/3/csp-report/?sentry_key=…' }; got ${describe(reportTo)}${reportTo === null ? ' (leave reportTo out for no Reporting-Endpoints header)' : ''}.`,
    );
  } else if (!deliverable(reportTo.url)) {
    problems.push(
      `reportTo.url: browsers only deliver Reporting API reports to https:// endpoints (or a path on the https page); "${reportTo.url}" would lose them. Write https://${reportTo.url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')}.`,
    );
  }
  return problems;
}

function flagProblems(options: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (options.autoNonce !== undefined && typeof options.autoNonce !== 'boolean')
    problems.push(`autoNonce must be true or false; got ${describe(options.autoNonce)}.`);
  const hashes = options.runtimeHashes;
  if (
    hashes !== undefined &&
    typeof hashes !== 'boolean' &&
    !(typeof hashes === 'number' && Number.isInteger(hashes) && hashes > 0)
  )
    problems.push(
      `runtimeHashes must be true (64 KiB), false, or a size in bytes such as 131072; got ${describe(hashes)}.`,
    );
  if (options.hashes !== undefined && !isPlainObject(options.hashes))
    problems.push(
      `hashes must be the manifest \`vigie-csp hash\` prints (or its "hashes" object); got ${describe(options.hashes)}.`,
    );
  return problems;
}

/**
 * Every problem with the types and shapes of the options; empty when they can be read.
 *
 * @example
 * optionShapeProblems({ policy: '', routes: {} });
 * // ["policy is empty, which would send an empty header: …", "routes must be a list, e.g. routes: [{ path: '/admin', … }]; got an object."]
 */
export function optionShapeProblems(options: unknown): string[] {
  if (!isPlainObject(options))
    return [
      `The CSP middleware takes an options object, e.g. { policy: ${POLICY_EXAMPLE} }; got ${describe(options)}.`,
    ];
  const problems: string[] = [];
  for (const key of ['policy', 'reportOnly'] as const) {
    if (Object.hasOwn(options, key) && options[key] !== undefined)
      problems.push(...policyProblems(key, options[key]));
  }
  if (options.livePolicy !== undefined) problems.push(...livePolicyProblems(options.livePolicy));
  problems.push(
    ...namedProblems('overrides', options.overrides),
    ...namedProblems('appends', options.appends),
    ...routeProblems(options.routes),
    ...reportingProblems(options),
    ...flagProblems(options),
  );
  return problems;
}
