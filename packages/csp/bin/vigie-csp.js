#!/usr/bin/env node
// The vigie-csp command (`npx vigie-csp …` once @vigie/csp is installed): runs the compiled CLI from dist/.
// Plain JavaScript, so the link npm makes at install time always has a target, even before dist/ is built.

import { runAsProcess } from '../dist/cli/main.js';

await runAsProcess();
