// How API clients authenticate, as the OpenAPI document lists it: an API token, or the dashboard's
// session cookie. Kept here, beside the checks themselves, so api/ needs nothing from auth/.

import type { SecurityScheme } from '../api/openapi.ts';
import { SESSION_COOKIE } from './session-cookie.ts';

export const API_SECURITY_SCHEMES: Record<string, SecurityScheme> = {
  bearer: { type: 'http', scheme: 'bearer', description: 'An API token (`vigie token create`).' },
  cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The dashboard session.' },
};
