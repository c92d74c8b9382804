// Kysely's view of the tables created by the migrations. Times are epoch milliseconds (bigint in
// PostgreSQL, integer in SQLite); JSON is stored as text so both dialects read it the same way.

import type { Generated, GeneratedAlways, Insertable, Selectable } from 'kysely';

export interface ProjectTable {
  id: Generated<number>;
  slug: string;
  name: string;
  created_at: number;
}

export interface ProjectKeyTable {
  id: Generated<number>;
  project_id: number;
  public_key: string;
  secret_key: string;
  label: string;
  /** Events per minute this key may send; null for no limit. */
  rate_limit_per_minute: number | null;
  created_at: number;
  revoked_at: number | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  name: string;
  /** sha256 of the token; the token itself is shown once and never stored. */
  token_hash: string;
  /** The token's first characters, so a user can tell tokens apart in lists. */
  token_prefix: string;
  scopes: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  /** The user the token acts for; null for service tokens (the bootstrap admin token). */
  user_id: number | null;
  /** 1: the token acts on the projects in api_token_projects only; 0: on every project (see the migration). */
  projects_listed: Generated<number>;
}

export interface ApiTokenProjectTable {
  token_id: number;
  project_id: number;
}

export interface IssueTable {
  id: Generated<number>;
  project_id: number;
  fingerprint: string;
  fingerprint_strategy: string;
  /** JSON array of {id, value, hint?}: why these events were grouped together. */
  fingerprint_components: string;
  title: string;
  culprit: string | null;
  level: string;
  platform: string;
  status: Generated<string>;
  substatus: Generated<string | null>;
  first_seen: number;
  last_seen: number;
  times_seen: number;
  users_seen: Generated<number>;
  first_release: string | null;
  last_release: string | null;
  last_event_id: string;
  assignee_user_id: number | null;
  assignee_team_id: number | null;
  /** JSON of the lifecycle's Resolution while resolved. */
  resolution: string | null;
  /** JSON of the lifecycle's Snooze (condition and baseline) while snoozed. */
  snooze: string | null;
  status_changed_at: number | null;
  /** Why the issue is in the triage inbox (new, regressed, unsnoozed, escalating); null once reviewed. */
  inbox_reason: string | null;
  inbox_at: number | null;
  reviewed_at: number | null;
  external_url: string | null;
  external_number: number | null;
  merged_into_id: number | null;
  /** Bumped by every lifecycle write (issue-state.repository.ts): the compare-and-set token. */
  lifecycle_version: Generated<number>;
  /** The grouping (grouping/fingerprint.ts GROUPING_VERSION) that made the issue's fingerprint. */
  grouping_version: Generated<number>;
  /**
   * Derived by the database for the list's sort indexes (migration 2026-12-09T20-issue-sort-buckets):
   * last_seen's minute, and the number of decimal digits of times_seen and users_seen.
   */
  last_seen_minute: GeneratedAlways<number>;
  times_seen_digits: GeneratedAlways<number>;
  users_seen_digits: GeneratedAlways<number>;
}

export interface EventTable {
  id: Generated<number>;
  project_id: number;
  issue_id: number;
  event_id: string;
  timestamp: number;
  received_at: number;
  level: string;
  title: string;
  release: string | null;
  environment: string | null;
  user_key: string | null;
  user_id: string | null;
  user_email: string | null;
  /** The user's username and IP address as the SDK sent them: support looks customers up by them too. */
  user_username: string | null;
  user_ip: string | null;
  /** The fingerprint hash the event was grouped by (null for events stored before 2026-11-25T02-merge). */
  fingerprint: string | null;
  /** The normalized event as compressed JSON (see payload.ts). */
  payload: Uint8Array;
}

export interface IssueUserTable {
  issue_id: number;
  user_key: string;
}

export interface IssueCountTable {
  issue_id: number;
  /** Epoch minute (ms / 60000). */
  minute: number;
  count: number;
}

/** Occurrences per hour and per day, kept beside the per-minute issue_counts so long series read few rows. */
export interface IssueRollupTable {
  issue_id: number;
  /** The bucket's length in minutes: 60 or 1440 (storage/count-spans.ts). */
  span: number;
  /** Epoch minute the bucket starts at (a multiple of span). */
  minute: number;
  count: number;
}

/** A project's occurrences per environment, per minute, hour and day: the project's series without its issues. */
export interface ProjectCountTable {
  project_id: number;
  /** 1, 60 or 1440 minutes. */
  span: number;
  minute: number;
  /** '' for events without one. */
  environment: string;
  count: number;
}

export interface IssueTagTable {
  issue_id: number;
  key: string;
  value: string;
  times_seen: number;
  first_seen: number;
  last_seen: number;
}

export interface ReleaseTable {
  id: Generated<number>;
  project_id: number;
  version: string;
  first_seen: number;
  last_seen: number;
}

export interface SessionTable {
  project_id: number;
  sid: string;
  did: string | null;
  release: string;
  environment: string;
  status: string;
  errors: number;
  started: number;
  last_seen: number;
  duration_ms: number | null;
}

export interface SessionAggregateTable {
  project_id: number;
  release: string;
  environment: string;
  /** Start of the minute the sessions started in. */
  bucket: number;
  exited: number;
  errored: number;
  abnormal: number;
  crashed: number;
}

/** Transactions per release, environment and minute: the requests the deploy gate divides errors by. */
export interface TransactionCountTable {
  project_id: number;
  release: string;
  environment: string;
  /** Minutes since the epoch. */
  minute: number;
  /** Transactions received. */
  sampled: number;
  /** The requests they stand for: each weighted by 1 / its trace's sample rate. */
  estimated: number;
}

export interface ClientOutcomeTable {
  project_id: number;
  minute: number;
  reason: string;
  category: string;
  quantity: number;
}

export interface UserTable {
  id: Generated<number>;
  email: string;
  name: string;
  /** scrypt hash (see auth/password.ts); null until the user sets a password. */
  password_hash: string | null;
  is_admin: number;
  created_at: number;
  disabled_at: number | null;
}

export interface UserSessionTable {
  /** sha256 of the session id held in the cookie. */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_used_at: number;
}

export interface SetupLinkTable {
  /** sha256 of the token in the link; the link itself is printed once and never stored. */
  token_hash: string;
  created_at: number;
  expires_at: number;
}

export interface TeamTable {
  id: Generated<number>;
  slug: string;
  name: string;
  created_at: number;
}

export interface TeamMemberTable {
  team_id: number;
  user_id: number;
}

export interface ProjectMemberTable {
  id: Generated<number>;
  project_id: number;
  user_id: number | null;
  team_id: number | null;
  role: string;
  created_at: number;
}

export interface IssueActivityTable {
  id: Generated<number>;
  issue_id: number;
  project_id: number;
  actor_user_id: number | null;
  actor_token_id: number | null;
  /** status, assign, comment, link, merge, unmerge, review, regression… */
  kind: string;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  data: string;
  created_at: number;
}

export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  project_id: number;
  issue_id: number | null;
  payload: string;
  created_at: number;
  processed_at: number | null;
  attempts: Generated<number>;
}

export interface IssueFingerprintTable {
  project_id: number;
  fingerprint: string;
  issue_id: number;
  source_issue_id: number;
  created_at: number;
}

export interface DiscardedFingerprintTable {
  project_id: number;
  fingerprint: string;
  title: string;
  dropped: Generated<number>;
  created_at: number;
}

export interface GithubSettingsTable {
  project_id: number;
  api_base_url: string;
  repository: string;
  token_ciphertext: string;
  updated_at: number;
}

export interface TriageRotationTable {
  project_id: number;
  /** JSON array of user ids in rotation order. */
  user_ids: string;
  /** The ISO week (weeks since epoch, Monday-based) on which user_ids[0] is on duty. */
  anchor_week: number;
  updated_at: number;
}

export interface JobLeaseTable {
  name: string;
  /** The instance holding the lease (random per process). */
  holder: string;
  /** Epoch ms the lease ends: held while a run goes on, then for the rest of its interval; 0 once released. */
  expires_at: number;
  /** Epoch ms of the last claim. */
  last_run_at: number | null;
}

/** One periodic job run, kept a week (jobs/lease.repository.ts recordRun). */
export interface JobRunTable {
  name: string;
  holder: string;
  /** The run's notion of now (its claim), epoch ms. */
  started_at: number;
  finished_at: number;
  /** 'ran', 'failed' or 'aborted' (the instance stopped, or lost the lease, mid-run). */
  outcome: string;
}

export interface LoginFailureTable {
  /** "email:<address>" or "ip:<address>" (see auth/login-limiter.ts). */
  key: string;
  failed_at: number;
}

/** One setting of the instance, by name; `value` is JSON (see projects/public-url.repository.ts). */
export interface InstanceSettingTable {
  name: string;
  value: string;
  /** Epoch ms of the last write. */
  updated_at: number;
}

export interface LoginKnownAddressTable {
  user_id: number;
  /** The client address, or its /64 network for IPv6. */
  address: string;
  last_login_at: number;
}

export interface KeyRateWindowTable {
  key_id: number;
  /** Epoch minute (ms / 60000). */
  minute: number;
  /** Events the key was granted in that minute, by every instance together. */
  count: number;
}

/** Per-project alerting settings; the row's existence means the project's default rules were written. */
export interface AlertSettingsTable {
  project_id: number;
  /** The spike detector's budget of false pages a day, split over the tests it runs (alerts/spike-detector.ts). */
  false_pages_per_day: number;
  /** Where support's "Ask the team" notes go: a Slack or webhook channel. */
  escalation_channel_id: number | null;
  /** The Slack or e-mail channel of the weekly triage digest; null: none. */
  weekly_channel_id: number | null;
  /** When on Monday it goes out: minutes after 00:00 UTC. */
  weekly_minute: Generated<number>;
  /** The week (rotation/weeks.ts) it last went out. */
  weekly_last_week: number | null;
  updated_at: number;
}

export interface AlertChannelTable {
  id: Generated<number>;
  project_id: number;
  /** pagerduty, slack, webhook, email */
  kind: string;
  name: string;
  /** The secret part (URL, routing key, signing secret, recipients) as encrypted JSON (secrets/cipher.ts). */
  target_ciphertext: string;
  /** JSON of what may be shown: the host a URL points to, the recipients' count… */
  details: string;
  created_at: number;
  updated_at: number;
}

export interface AlertRuleTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  enabled: number;
  /** JSON array of conditions (alerts/rule.ts); any of them fires the rule. */
  conditions: string;
  /** JSON object of filters, all of which must hold. */
  filters: string;
  /** JSON array of actions: a channel id, or every channel of a kind. */
  actions: string;
  cooldown_minutes: number;
  created_at: number;
  updated_at: number;
}

export interface AlertRuleFireTable {
  rule_id: number;
  /** 'issue:12' or 'project' */
  subject: string;
  last_fired_at: number;
}

export interface SpikeCursorTable {
  project_id: number;
  /** Epoch minute the detector evaluates next for this project. */
  next_minute: number;
}

export interface SpikeStateTable {
  project_id: number;
  /** 0: the whole project. */
  issue_id: number;
  /** Events a minute, exponentially weighted, as of baseline_minute (inclusive). */
  baseline: number;
  /** The same with a 30-minute half-life, learnt only while no spike is open; null in rows saved before it. */
  recent: number | null;
  baseline_minute: number;
  first_minute: number;
  spike_id: number | null;
  quiet_minutes: number;
}

export interface SpikeTable {
  id: Generated<number>;
  project_id: number;
  issue_id: number;
  started_minute: number;
  resolved_minute: number | null;
  /** JSON of the test that fired it. */
  fired: string;
}

export interface SpikeDecisionTable {
  id: Generated<number>;
  project_id: number;
  issue_id: number;
  minute: number;
  /** fired, above, quiet, resolved, below */
  outcome: string;
  spike_id: number | null;
  /** JSON: per window, observed, expected, threshold, p-value, alpha. */
  numbers: string;
}

export interface AlertNotificationTable {
  id: Generated<number>;
  project_id: number;
  rule_id: number | null;
  issue_id: number | null;
  /** trigger, resolve, test, digest, escalation */
  kind: string;
  /** The rule condition behind it: new_issue, regression, escalation, project_spike, event_count… */
  condition: string;
  dedup_key: string;
  /** JSON of the AlertMessage the channels render. */
  message: string;
  created_at: number;
  resolved_at: number | null;
  /** Sent as part of this digest notification instead of on its own. */
  digest_id: number | null;
}

export interface AlertDeliveryTable {
  id: Generated<number>;
  notification_id: number;
  channel_id: number;
  /** The idempotency key: the webhook-id, the e-mail's Message-ID. */
  message_id: string;
  /** pending, delivered, dead */
  status: string;
  attempts: number;
  next_attempt_at: number;
  claimed_until: number;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

export interface AlertAttemptTable {
  id: Generated<number>;
  delivery_id: number;
  at: number;
  /** delivered, retry, permanent */
  outcome: string;
  status_code: number | null;
  error: string | null;
}

/** A project's ownership rules and how they are used (ownership/). */
export interface OwnershipSettingsTable {
  project_id: number;
  /** off, suggest or auto (assign new and regressed issues to the suggested owner). */
  mode: Generated<string>;
  /** The hand-written rules, as typed. */
  rules: Generated<string>;
  /** The imported CODEOWNERS file, as imported. */
  codeowners: Generated<string>;
  /** JSON {kind: 'paste'} or {kind: 'github', repository, path}; null before any import. */
  codeowners_origin: string | null;
  codeowners_synced_at: number | null;
  /** Bumped by every change to rules, mode or handle mapping; issues are recomputed up to it. */
  revision: Generated<number>;
  /** The revision every issue's suggested owners were last computed with. */
  applied_revision: Generated<number>;
  /** The last issue id a recompute in progress has done. */
  recompute_after_id: Generated<number>;
  updated_at: number;
}

/** A GitHub handle of a CODEOWNERS file (`@ana`, `@org/team`) and the member or team it stands for. */
export interface OwnershipHandleTable {
  project_id: number;
  /** Lower-cased, with its @. */
  handle: string;
  user_id: number | null;
  team_id: number | null;
}

/** The rule that owns an issue and what it matched; its owners as written and resolved (JSON). */
export interface IssueOwnerTable {
  issue_id: number;
  project_id: number;
  revision: number;
  /** rules or codeowners */
  source: string;
  line: number;
  rule: string;
  /** path, module, url, tags.<key> or culprit */
  field: string;
  value: string;
  /** JSON array of {label, type: user|team|unknown, id}. */
  owners: string;
  /** The first owner's label, lower-cased, for the inbox's order by owner; null when no owner is known. */
  owner_sort: string | null;
  computed_at: number;
}

/** The known owners of an issue, one row each, for `owner:` searches. */
export interface IssueOwnerTargetTable {
  issue_id: number;
  position: number;
  user_id: number | null;
  team_id: number | null;
}

/** Chunks of an upload, between the chunk-upload request and the assemble call that names them. */
export interface UploadChunkTable {
  checksum: string;
  size: number;
  data: Uint8Array;
  created_at: number;
}

/** One upload: an artifact bundle, a release bundle, or the files of a release uploaded one by one. */
export interface ArtifactBundleTable {
  id: Generated<number>;
  project_id: number;
  kind: 'artifact_bundle' | 'release_bundle' | 'release_files';
  checksum: string | null;
  bundle_id: string | null;
  release: string | null;
  dist: string | null;
  file_count: number;
  created_at: number;
  last_used_at: number | null;
}

/** A file's contents, gzip-compressed, once per project and checksum (sha1 of the bytes). */
export interface ArtifactBlobTable {
  project_id: number;
  checksum: string;
  size: number;
  data: Uint8Array;
  created_at: number;
}

export interface ArtifactFileTable {
  id: Generated<number>;
  bundle_id: number;
  project_id: number;
  url: string;
  type: string;
  debug_id: string | null;
  sourcemap: string | null;
  release: string | null;
  dist: string | null;
  checksum: string;
  size: number;
}

/** A CSP violation group: effective directive + blocked origin (or inline/eval/wasm-eval) + page path pattern. */
export interface CspGroupTable {
  id: Generated<number>;
  project_id: number;
  /** `${directive} ${blocked} ${page_pattern}`. */
  group_key: string;
  directive: string;
  /** An origin (`https://cdn.example.net`), a scheme (`data:`), or `inline`, `eval`, `wasm-eval`. */
  blocked: string;
  /** The document's path with ids replaced by `:id`, e.g. `/orders/:id`. */
  page_pattern: string;
  count: Generated<number>;
  /** Reports of an enforced policy (the browser blocked it), the rest are report-only. */
  enforced_count: Generated<number>;
  first_seen: number;
  last_seen: number;
  /** The published version whose policy the last report quoted; null when it matched none. */
  policy_version: number | null;
}

export interface CspGroupMinuteTable {
  group_id: number;
  /** Epoch minute. */
  minute: number;
  count: number;
}

export interface CspGroupBrowserTable {
  group_id: number;
  /** "Chrome 156", or "Other". */
  browser: string;
  count: number;
}

/** The distinct reports of a group by day: what the builder turns into evidence and replays against a draft. */
export interface CspReportTable {
  id: Generated<number>;
  group_id: number;
  project_id: number;
  /** Epoch day. */
  day: number;
  /** sha1 of the fields below that tell two reports apart. */
  detail_key: string;
  document_url: string;
  blocked_url: string;
  effective_directive: string;
  source_file: string | null;
  line_number: number | null;
  column_number: number | null;
  sample: string | null;
  /** enforce or report. */
  disposition: string;
  browser: string | null;
  count: number;
  first_seen: number;
  last_seen: number;
}

/** Reports the noise filter set aside, counted by reason and day, with the last one's blocked URL. */
export interface CspNoiseTable {
  project_id: number;
  day: number;
  reason: string;
  count: number;
  example: string;
}

/** A published policy version: what the live-policy endpoint serves. */
export interface CspPolicyTable {
  id: Generated<number>;
  project_id: number;
  version: number;
  enforce: string | null;
  report_only: string | null;
  reporting_endpoints: string | null;
  note: Generated<string>;
  published_at: number;
  /** The publisher's email (or the token's name). */
  published_by: string;
}

/** A team's decision on a source the builder proposed: accepted, rejected or ignored (for good). */
export interface CspDecisionTable {
  project_id: number;
  directive: string;
  source: string;
  decision: string;
  decided_at: number;
  decided_by: string;
}

/** A deploy marker: a release reached an environment (POST /deploys, sentry-cli releases deploys, vigie deploy). */
export interface DeployTable {
  id: Generated<number>;
  project_id: number;
  release: string;
  environment: string;
  /** blue-green, rolling or canary; null when the tool did not say (sentry-cli). */
  strategy: string | null;
  name: string | null;
  url: string | null;
  started_at: number | null;
  finished_at: number;
  /** Who recorded it: a user's email or "token <name>". */
  created_by: string;
  created_at: number;
}

/** Every verdict the gate gave: who asked, through what, the numbers and the answer. */
export interface GateVerdictTable {
  id: Generated<number>;
  project_id: number;
  release: string;
  baseline: string;
  environment: string;
  baseline_environment: string;
  window_ms: number;
  /** pass, fail or inconclusive. */
  verdict: string;
  /** JSON array of sentences. */
  reasons: string;
  /** JSON of the judge's metrics (deploys/gate-judge.ts GateMetrics). */
  metrics: string;
  asked_by: string;
  /** api, cli, argo, flagger or dashboard. */
  asked_via: string;
  created_at: number;
}

export interface GateSettingsTable {
  project_id: number;
  /** JSON of the project's GateThresholds, only the ones it changed. */
  thresholds: string;
  updated_at: number;
}

export interface Schema {
  projects: ProjectTable;
  project_keys: ProjectKeyTable;
  api_tokens: ApiTokenTable;
  issues: IssueTable;
  events: EventTable;
  issue_users: IssueUserTable;
  issue_counts: IssueCountTable;
  issue_tags: IssueTagTable;
  issue_rollups: IssueRollupTable;
  project_counts: ProjectCountTable;
  releases: ReleaseTable;
  sessions: SessionTable;
  session_aggregates: SessionAggregateTable;
  client_outcomes: ClientOutcomeTable;
  transaction_counts: TransactionCountTable;
  users: UserTable;
  user_sessions: UserSessionTable;
  setup_links: SetupLinkTable;
  teams: TeamTable;
  team_members: TeamMemberTable;
  project_members: ProjectMemberTable;
  issue_activity: IssueActivityTable;
  outbox: OutboxTable;
  issue_fingerprints: IssueFingerprintTable;
  discarded_fingerprints: DiscardedFingerprintTable;
  github_settings: GithubSettingsTable;
  triage_rotations: TriageRotationTable;
  job_leases: JobLeaseTable;
  job_runs: JobRunTable;
  instance_settings: InstanceSettingTable;
  login_failures: LoginFailureTable;
  api_token_projects: ApiTokenProjectTable;
  login_known_addresses: LoginKnownAddressTable;
  key_rate_windows: KeyRateWindowTable;
  alert_settings: AlertSettingsTable;
  alert_channels: AlertChannelTable;
  alert_rules: AlertRuleTable;
  alert_rule_fires: AlertRuleFireTable;
  spike_cursors: SpikeCursorTable;
  spike_states: SpikeStateTable;
  spikes: SpikeTable;
  spike_decisions: SpikeDecisionTable;
  alert_notifications: AlertNotificationTable;
  alert_deliveries: AlertDeliveryTable;
  alert_attempts: AlertAttemptTable;
  ownership_settings: OwnershipSettingsTable;
  ownership_handles: OwnershipHandleTable;
  issue_owners: IssueOwnerTable;
  issue_owner_targets: IssueOwnerTargetTable;
  upload_chunks: UploadChunkTable;
  artifact_bundles: ArtifactBundleTable;
  artifact_blobs: ArtifactBlobTable;
  artifact_files: ArtifactFileTable;
  csp_groups: CspGroupTable;
  csp_group_minutes: CspGroupMinuteTable;
  csp_group_browsers: CspGroupBrowserTable;
  csp_reports: CspReportTable;
  csp_noise: CspNoiseTable;
  csp_policies: CspPolicyTable;
  csp_decisions: CspDecisionTable;
  deploys: DeployTable;
  gate_verdicts: GateVerdictTable;
  gate_settings: GateSettingsTable;
}

export type Project = Selectable<ProjectTable>;
export type ProjectKey = Selectable<ProjectKeyTable>;
export type Issue = Selectable<IssueTable>;
export type User = Selectable<UserTable>;
export type NewEvent = Insertable<EventTable>;
/** A table's row with every column but its generated id: what the ingest writer's row statements bind. */
export type RowOf<T extends keyof Schema> = Omit<Selectable<Schema[T]>, 'id'>;
