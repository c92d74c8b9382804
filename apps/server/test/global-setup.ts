// Once per run: migrates the SQLite database that each test file's fresh database is copied from
// (support/databases.ts), and says whether the PostgreSQL half of the storage and API suites runs.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createMigratedSqliteFile } from './support/databases.ts';

export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env.VIGIE_TEST_POSTGRES_URL) {
    console.log(`[vigie] PostgreSQL suite enabled: ${process.env.VIGIE_TEST_POSTGRES_URL}`);
  } else {
    console.log(
      '[vigie] PostgreSQL suite skipped: set VIGIE_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test to run it (CI does).',
    );
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'vigie-test-template-'));
  const file = path.join(dir, 'vigie.sqlite');
  await createMigratedSqliteFile(file);
  project.provide('migratedSqliteFile', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
