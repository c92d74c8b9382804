// The @vigie/csp middleware configuration that serves the project's published policy (the package's
// live-policy option reads GET /api/v1/projects/{id}/csp/policy with a read-only token).

import type { ReportEndpoint } from './endpoint.ts';

export function middlewareSnippet(endpoint: ReportEndpoint, projectId: number): string {
  const vigie = endpoint.policyUrl.replace(/\/api\/v1\/projects\/\d+\/csp\/policy$/, '');
  return [
    "import express from 'express';",
    "import { cspExpress } from '@vigie/csp';",
    '',
    'const app = express();',
    'app.use(',
    '  cspExpress({',
    '    livePolicy: {',
    `      url: '${vigie}',`,
    `      project: ${projectId},`,
    '      token: process.env.VIGIE_CSP_TOKEN,',
    '    },',
    '  }),',
    ');',
  ].join('\n');
}
