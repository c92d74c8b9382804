// Where a project's browsers send CSP reports, from one of its DSN keys: the DSN's origin (and path
// prefix), the project, the key. The settings page and the builder's publish form both say it.

import type { ProjectKey } from '../../api/types.ts';

export interface ReportEndpoint {
  /** `https://vigie.example.com/api/1/csp-report/?sentry_key=…` */
  url: string;
  /** Sentry's spelling of the same endpoint. */
  sentryUrl: string;
  /** The Reporting-Endpoints header value naming it `vigie`. */
  reportingEndpoints: string;
  /** Where the live policy is read: GET /api/v1/projects/{id}/csp/policy. */
  policyUrl: string;
}

export function reportEndpointOf(
  key: Pick<ProjectKey, 'dsn' | 'publicKey'>,
  projectId: number,
): ReportEndpoint {
  const dsn = new URL(key.dsn);
  const prefix = dsn.pathname.replace(/\/[^/]*$/, '');
  const base = `${dsn.protocol}//${dsn.host}${prefix}`;
  const query = `?sentry_key=${encodeURIComponent(key.publicKey)}`;
  const url = `${base}/api/${projectId}/csp-report/${query}`;
  return {
    url,
    sentryUrl: `${base}/api/${projectId}/security/${query}`,
    reportingEndpoints: `vigie="${url}"`,
    policyUrl: `${base}/api/v1/projects/${projectId}/csp/policy`,
  };
}

/** A first report-only policy: everything from the site's own origin, reports to Vigie in both formats. */
export const starterPolicy = (endpoint: ReportEndpoint) =>
  `default-src 'self'; object-src 'none'; base-uri 'self'; report-uri ${endpoint.url}; report-to vigie`;
