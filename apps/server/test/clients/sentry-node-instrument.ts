// Sentry's setup for ESM applications, loaded before the app with `node --import` as Sentry's docs
// say, with the DSN from SENTRY_DSN.

import * as Sentry from '@sentry/node';

Sentry.init({
  dsn: process.env.SENTRY_DSN,
  release: 'shop@1.4.3',
  environment: 'production',
  tracesSampleRate: 0,
});
