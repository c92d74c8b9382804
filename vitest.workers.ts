// How many test files run at once, for every project of the root vitest.config.ts (a project's own
// config does not inherit the root's, and projects must agree). Vitest's default is one fewer than the
// cores: a single worker on CI's two. The server's test files mostly wait (on Chromium, PostgreSQL,
// child processes), so two at a time on two cores finish the suite sooner (docs/architecture.md).

import { availableParallelism } from 'node:os';

export const maxWorkers = Math.max(2, availableParallelism() - 1);
