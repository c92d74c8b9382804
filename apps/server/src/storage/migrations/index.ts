// The ordered list of migrations. Add a dated file and a line here; never edit a landed migration.

import type { Migration, MigrationProvider } from 'kysely/migration';
import * as initial from './2026-11-25T00-initial.ts';
import * as triage from './2026-11-25T01-triage.ts';
import * as auth from './2026-11-25T02-auth.ts';
import * as merge from './2026-11-25T02-merge.ts';
import * as jobLeases from './2026-11-25T03-job-leases.ts';
import * as triageLifecycle from './2026-11-25T04-triage-lifecycle.ts';
import * as instanceSettings from './2026-12-07T01-instance-settings.ts';
import * as accounts from './2026-12-07T02-accounts.ts';
import * as setupLinks from './2026-12-07T03-setup-links.ts';
import * as countRollups from './2026-12-07T04-count-rollups.ts';
import * as searchIndexes from './2026-12-07T05-search-indexes.ts';
import * as customerUsernameIp from './2026-12-07T11-customer-username-ip.ts';
import * as sourcemaps from './2026-12-07T20-sourcemaps.ts';
import * as ownership from './2026-12-07T21-ownership.ts';
import * as alerts from './2026-12-07T22-alerts.ts';
import * as weeklyDigest from './2026-12-07T22-weekly-digest.ts';
import * as csp from './2026-12-08T10-csp.ts';
import * as deploys from './2026-12-08T20-deploys.ts';
import * as hotUpdates from './2026-12-08T30-hot-updates.ts';
import * as jobRuns from './2026-12-08T30-job-runs.ts';
import * as spikeRecentRate from './2026-12-08T40-spike-recent-rate.ts';
import * as artifactIds from './2026-12-08T70-artifact-ids.ts';
import * as transactionCounts from './2026-12-09T10-transaction-counts.ts';
import * as issueSortBuckets from './2026-12-09T20-issue-sort-buckets.ts';

const migrations: Record<string, Migration> = {
  '2026-11-25T00-initial': initial,
  '2026-11-25T01-triage': triage,
  '2026-11-25T02-auth': auth,
  '2026-11-25T02-merge': merge,
  '2026-11-25T03-job-leases': jobLeases,
  '2026-11-25T04-triage-lifecycle': triageLifecycle,
  '2026-12-07T01-instance-settings': instanceSettings,
  '2026-12-07T02-accounts': accounts,
  '2026-12-07T03-setup-links': setupLinks,
  '2026-12-07T04-count-rollups': countRollups,
  '2026-12-07T05-search-indexes': searchIndexes,
  '2026-12-07T11-customer-username-ip': customerUsernameIp,
  '2026-12-07T20-sourcemaps': sourcemaps,
  '2026-12-07T21-ownership': ownership,
  '2026-12-07T22-alerts': alerts,
  '2026-12-07T22-weekly-digest': weeklyDigest,
  '2026-12-08T10-csp': csp,
  '2026-12-08T20-deploys': deploys,
  '2026-12-08T30-hot-updates': hotUpdates,
  '2026-12-08T30-job-runs': jobRuns,
  '2026-12-08T40-spike-recent-rate': spikeRecentRate,
  '2026-12-08T70-artifact-ids': artifactIds,
  '2026-12-09T10-transaction-counts': transactionCounts,
  '2026-12-09T20-issue-sort-buckets': issueSortBuckets,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
