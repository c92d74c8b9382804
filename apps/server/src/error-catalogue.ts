// Every error code Vigie answers, with its HTTP status and its message template, in one table (as Fastify's
// lib/errors.js lists its FST_ERR_* codes). A VigieError names a code of this table, so a code that is not here
// does not compile, the status cannot disagree between two throw sites, and the OpenAPI document lists them all.

/**
 * A code's entry. A fixed message says what the code means; a template (a function of the parameters the throw
 * site passes) comes with `meaning`, the sentence every message of that code shares, for the API documentation.
 */
export type ErrorEntry =
  | { readonly status: number; readonly message: string; readonly meaning?: string }
  | { readonly status: number; readonly message: (params: never) => string; readonly meaning: string };

/** The template of a code whose messages are all the throw site's own words: `meaning` is what they share. */
const asWritten = ({ message }: { message: string }) => message;

const list = (values: readonly (number | string)[]) => values.join(', ');

export const ERROR_CATALOGUE = {
  // --- Answered by the HTTP layer (http-errors.ts), for requests no route handled itself ---
  invalid_request: {
    status: 400,
    meaning: "The request does not match the route's schema; details.issues lists each problem.",
    // Each problem names the part of the request it is about: `body/status must be one of: …`.
    message: asWritten,
  },
  invalid_json: {
    status: 400,
    meaning:
      'A body, an envelope item or an event that should be JSON is not (or is empty, or not an object).',
    message: asWritten,
  },
  invalid_content_length: {
    status: 400,
    meaning: 'The request body is not as long as its Content-Length header says.',
    message: asWritten,
  },
  invalid_url: { status: 400, meaning: 'The request path is not a valid URL.', message: asWritten },
  bad_request: {
    status: 400,
    meaning: 'The request could not be read, for instance because the client closed the connection mid-body.',
    message: asWritten,
  },
  not_found: {
    status: 404,
    meaning:
      'What the request names (a route, a project, an issue…) does not exist, or the caller may not see it: ' +
      'both answer alike, so that ids do not tell what exists.',
    // One wording for "there is none" and "not yours to see", naming only what the request named.
    message: (
      p: { thing: 'Project' | 'Issue' | 'Event' | 'Key'; id: number | string } | { message: string },
    ) => ('message' in p ? p.message : `${p.thing} ${p.id} does not exist, or you do not have access to it.`),
  },
  payload_too_large: {
    status: 413,
    meaning:
      'The request body, an envelope item or an event is over its size limit; details say which limit.',
    message: asWritten,
  },
  path_parameter_too_long: {
    status: 414,
    meaning: 'A parameter in the request path is longer than any valid value.',
    message: asWritten,
  },
  unsupported_media_type: {
    status: 415,
    meaning: 'The API reads JSON bodies only (Content-Type: application/json).',
    message: asWritten,
  },
  internal_error: {
    status: 500,
    meaning: 'Vigie failed to answer; the cause is in the server log.',
    message: 'Internal server error.',
  },

  // --- Authentication and access (auth/) ---
  unauthenticated: {
    status: 401,
    meaning: 'The endpoint needs an API token or a session, and the request has neither.',
    message: asWritten,
  },
  invalid_token: { status: 401, message: 'The API token is unknown or has been revoked.' },
  session_expired: {
    status: 401,
    message: 'Your session has expired or you were logged out; log in again (POST /api/v1/auth/login).',
  },
  invalid_credentials: { status: 401, message: 'The email or the password is wrong.' },
  csrf_failed: {
    status: 403,
    meaning:
      'A request made with the session cookie comes from another site, or lacks the X-CSRF-Token header.',
    message: asWritten,
  },
  forbidden: {
    status: 403,
    meaning: "The caller's role or token scopes do not allow this.",
    message: asWritten,
  },
  wrong_password: { status: 403, message: 'The current password is wrong.' },
  scope_exceeds_caller: {
    status: 403,
    meaning: 'A token cannot create a token with scopes it does not hold itself.',
    message: ({ held, requested }: { held: readonly string[] | null; requested: readonly string[] }) =>
      `Your token's scopes (${held?.join(', ')}) cannot create a token with ${list(requested)}: use a token with a higher scope, or log in.`,
  },
  owner_required: {
    status: 403,
    message: 'Only a project owner may grant, change or remove the owner role.',
  },
  too_many_login_attempts: {
    status: 429,
    meaning:
      'Too many failed logins from this address, or for this account from addresses it never logged in from; ' +
      'Retry-After says when to try again.',
    message: ({ retryAfterSeconds, scope }: { retryAfterSeconds: number; scope: 'address' | 'account' }) =>
      scope === 'address'
        ? `Too many failed logins from this address; try again in ${retryAfterSeconds} seconds.`
        : `Too many failed logins for this account from new addresses; log in from a device that logged in before, or try again in ${retryAfterSeconds} seconds.`,
  },
  not_a_user: { status: 400, message: 'A service token has no password; log in as a user.' },
  setup_link_invalid: {
    status: 404,
    message:
      'This setup link is unknown, expired or already used. Restart Vigie to print a new one while no account exists, or log in.',
  },
  setup_done: {
    status: 409,
    message: 'Vigie already has an account: log in, or ask an administrator to create yours.',
  },

  // --- Users, teams and projects (auth/, teams/, projects/) ---
  invalid_user_ref: { status: 400, message: 'Name the user with exactly one of "userId" or "email".' },
  unknown_user: {
    status: 400,
    meaning: 'The request names a user who does not exist.',
    message: ({ who }: { who: string }) =>
      `There is no user with ${who}; create it first (POST /api/v1/users).`,
  },
  user_exists: {
    status: 409,
    meaning: 'A user with this email already exists.',
    message: ({ email }: { email: string }) => `A user with email ${email} already exists.`,
  },
  invalid_member: { status: 400, message: 'Name either a user (userId or email) or a team, not both.' },
  unknown_team: {
    status: 400,
    meaning: 'The request names a team that does not exist.',
    message: ({ team }: { team: string }) => `There is no team "${team}"; create it with POST /api/v1/teams.`,
  },
  team_exists: {
    status: 409,
    meaning: 'A team with this slug already exists.',
    message: ({ slug }: { slug: string }) => `A team with slug "${slug}" already exists.`,
  },
  invalid_name: { status: 400, message: 'A project needs a non-empty name.' },
  invalid_key_label: {
    status: 400,
    message: 'A DSN key needs a label that says where it is used, for example "Web shop, browser".',
  },
  project_exists: {
    status: 409,
    meaning: 'A project with this slug already exists.',
    message: ({ slug }: { slug: string }) => `A project with slug "${slug}" already exists.`,
  },

  // --- Sentry ingest (ingest/): what an SDK sent, and whether Vigie can take it now ---
  missing_key: {
    status: 401,
    message:
      'No DSN key: send it in X-Sentry-Auth (sentry_key=…), the sentry_key query parameter, or the envelope header "dsn".',
  },
  invalid_key: {
    status: 401,
    meaning: "The DSN key is not one of Vigie's.",
    message: ({ publicKey }: { publicKey: string }) =>
      `Unknown DSN key "${publicKey}": check the DSN the SDK is configured with.`,
  },
  invalid_dsn: {
    status: 401,
    meaning: 'The envelope header "dsn" is not a DSN, so it names no key.',
    message: ({ dsn }: { dsn: string }) =>
      `The envelope header "dsn" is not a DSN: ${JSON.stringify(dsn.length > 200 ? `${dsn.slice(0, 200)}…` : dsn)}; expected https://<public_key>@<host>/<project_id>.`,
  },
  key_revoked: {
    status: 403,
    message: 'This DSN key has been revoked; configure the SDK with an active key.',
  },
  wrong_project: {
    status: 403,
    meaning: 'The DSN key belongs to another project than the one in the URL.',
    message: ({ keyProjectId, projectId }: { keyProjectId: number; projectId: string }) =>
      `This DSN key belongs to project ${keyProjectId}, not project ${projectId}.`,
  },
  rate_limited: {
    status: 429,
    meaning: 'The DSN key sent more events this minute than its rate limit; Retry-After says when to retry.',
    message: ({ limit, retryAfterSeconds }: { limit: number; retryAfterSeconds: number }) =>
      `This DSN key may send ${limit} events a minute; retry in ${retryAfterSeconds} s.`,
  },
  over_capacity: { status: 429, message: 'Vigie is over capacity; retry after the delay in Retry-After.' },
  shutting_down: {
    status: 503,
    message:
      'This Vigie instance is shutting down; retry after the delay in Retry-After (another instance may answer).',
  },
  empty_body: { status: 400, message: 'The request body is empty; send an envelope or an event.' },
  missing_data: { status: 400, message: 'GET /store/ needs the event in the sentry_data query parameter.' },
  request_aborted: {
    status: 400,
    message: 'The client closed the connection before the whole body arrived.',
  },
  bad_compression: {
    status: 400,
    meaning: 'The body (or a base64 event) is not valid data of the compression it claims.',
    message: asWritten,
  },
  unsupported_encoding: {
    status: 415,
    meaning: 'The Content-Encoding is not one Vigie can decompress.',
    message: asWritten,
  },
  invalid_envelope: {
    status: 400,
    meaning: 'The envelope does not follow the Sentry envelope format; the message says where.',
    message: asWritten,
  },
  invalid_event: {
    status: 400,
    meaning: 'An event is not a JSON object.',
    // The grouping module says why, as a pure result (grouping/normalize.ts).
    message: asWritten,
  },
  invalid_upload: {
    status: 400,
    meaning:
      'A source map upload (chunk, file or assemble request) cannot be read: the message says which part and why.',
    message: asWritten,
  },
  invalid_session: {
    status: 400,
    meaning: 'A session update or session aggregates item is malformed.',
    message: ({ item, problem }: { item: 'Session update' | 'Session aggregates'; problem: string }) =>
      `${item}: ${problem}`,
  },
  invalid_client_report: {
    status: 400,
    meaning: 'A client report item is malformed.',
    message: ({ problem }: { problem: string }) => `Client report: ${problem}`,
  },
  invalid_transaction: {
    status: 400,
    meaning: 'A transaction item, or the trace sample rate its envelope header gives it, is malformed.',
    message: ({ problem }: { problem: string }) => `Transaction: ${problem}`,
  },
  body_already_read: { status: 500, message: 'The request body was consumed before ingestion read it.' },

  // --- Issues: triage, search, merge and discard (issues/) ---
  illegal_transition: {
    status: 409,
    meaning: "The issue's status does not allow this action; details hold the current status.",
    message: asWritten,
  },
  invalid_action: {
    status: 400,
    meaning: 'The triage action is malformed or incomplete (a snooze without a condition, a past date…).',
    message: asWritten,
  },
  concurrent_change: {
    status: 409,
    meaning: 'The issue kept changing while the action was applied; reload it and try again.',
    message: asWritten,
  },
  issue_merged: {
    status: 409,
    meaning: 'The issue was merged into another one (details.mergedIntoId): act on that one instead.',
    message: (p: { issueId: number; mergedIntoId: number | null; already?: true; advice: string }) =>
      `Issue ${p.issueId} was ${p.already ? 'already ' : ''}merged into issue ${p.mergedIntoId}${p.advice}`,
  },
  invalid_assignee: {
    status: 400,
    meaning: 'The assignee is not a user or team that may be assigned issues of this project.',
    message: asWritten,
  },
  invalid_search: {
    status: 400,
    meaning: 'The search query is malformed; details give the position and what was expected there.',
    message: asWritten,
  },
  invalid_ownership_rules: {
    status: 400,
    meaning:
      'Ownership rules (or a CODEOWNERS file) cannot be read; details.problems lists each bad line with its line, column and what was expected there.',
    message: asWritten,
  },
  invalid_handle_mapping: {
    status: 400,
    meaning: 'A GitHub handle is mapped to a user or team that cannot own issues of this project.',
    message: asWritten,
  },
  codeowners_not_found: {
    status: 404,
    meaning: "The project's GitHub repository has no CODEOWNERS file where Vigie looked.",
    message: ({ repository, paths }: { repository: string; paths: readonly string[] }) =>
      `No CODEOWNERS file in ${repository} at ${paths.join(', ')}; give its path, or paste the file instead`,
  },
  codeowners_too_large: {
    status: 413,
    meaning: 'The CODEOWNERS file is larger than Vigie reads.',
    message: ({ path, maxBytes }: { path: string; maxBytes: number }) =>
      `${path} is larger than ${maxBytes} bytes; GitHub itself ignores CODEOWNERS files over 3 MB`,
  },
  invalid_sort: {
    status: 400,
    meaning: 'The sort is not one of the sorts the issue list knows.',
    message: ({ value, sorts }: { value: string; sorts: readonly string[] }) =>
      `Unknown sort '${value}'; use one of ${list(sorts)} (Sentry's date, new, freq and user also work)`,
  },
  invalid_cursor: {
    status: 400,
    message: 'The cursor is not one this API returned; pass `next` from a previous page.',
  },
  invalid_series: {
    status: 400,
    meaning:
      'The range or interval of a time series is not one Vigie can answer: a period or a start before the end, ' +
      'an interval it knows, and not too many points.',
    message: asWritten,
  },
  cannot_merge_into_itself: { status: 400, message: 'issueIds must not contain the target issue.' },
  issues_not_in_project: {
    status: 400,
    meaning: "Some issues to merge are not in the target issue's project.",
    message: ({ issueIds }: { issueIds: readonly number[] }) =>
      `Issues ${list(issueIds)} are not in the target's project; only issues of one project can be merged.`,
  },
  fingerprint_not_merged: {
    status: 400,
    meaning: 'A fingerprint to unmerge was not merged into this issue; details list those that were.',
    message: asWritten,
  },
  unmerge_source_missing: {
    status: 409,
    message: 'The issue that owned one of these fingerprints no longer exists.',
  },

  // --- Triage rotation and report (rotation/), customers (customers/) ---
  not_a_triager: {
    status: 400,
    meaning: 'Only users who may triage the project can be in its rotation.',
    message: ({ userIds }: { userIds: readonly number[] }) =>
      `Users ${list(userIds)} may not triage this project; give them the member, admin or owner role ` +
      'on it (directly or through a team) before adding them to the rotation.',
  },
  invalid_week: {
    status: 400,
    meaning: 'A week is not written as an ISO week (2026-W48).',
    message: ({ text }: { text: string }) =>
      `'${text}' is not an ISO week; write it like 2026-W48 (weeks start on Monday, week 1 holds January 4th)`,
  },
  week_in_future: {
    status: 400,
    meaning: 'The triage report covers past weeks only.',
    message: ({ week }: { week: string }) => `${week} has not started yet; pick a past week.`,
  },
  invalid_customer_key: {
    status: 400,
    meaning: 'A customer key is not id:<user id>, email:<address>, username:<name> or ip:<address>.',
    message: ({ text }: { text: string }) =>
      `'${text}' is not a customer key; use id:<user id>, email:<address>, username:<name> or ip:<address>, URL-encoded (as the customer lookup returns them)`,
  },

  // --- GitHub issues (integrations/) ---
  github_not_configured: {
    status: 409,
    meaning: 'The project has no GitHub settings, so an issue cannot be filed in GitHub.',
    message: ({ projectId }: { projectId: number }) =>
      `GitHub is not configured for project ${projectId}: PUT /api/v1/projects/${projectId}/github first.`,
  },
  github_token_required: { status: 400, message: 'Send a token: the project has no GitHub token yet.' },
  github_token_unreadable: {
    status: 409,
    meaning: "The stored GitHub token cannot be decrypted with this instance's secret key.",
    message: ({ reason }: { reason: string }) =>
      `${reason} Save the project's GitHub settings again with the token.`,
  },
  insecure_api_base_url: {
    status: 400,
    message: 'apiBaseUrl must use https (http is accepted only for localhost).',
  },
  issue_already_linked: {
    status: 409,
    meaning:
      'The issue is already linked to a GitHub issue (details.externalUrl); file with force to make another.',
    message: asWritten,
  },
  secret_key_unavailable: {
    status: 500,
    meaning: 'The secret key that encrypts stored tokens cannot be read or created.',
    message: asWritten,
  },
  github_auth_failed: {
    status: 502,
    meaning: "GitHub rejected the project's token.",
    message: ({ said, repository }: { said: string; repository: string }) =>
      `GitHub rejected the token: ${said}. Give the project's GitHub settings a token that may create issues in ${repository} (fine-grained: Issues read and write).`,
  },
  github_repository_not_found: {
    status: 502,
    meaning: 'GitHub has no such repository, or the token cannot see it.',
    message: ({ repository, apiBaseUrl }: { repository: string; apiBaseUrl: string }) =>
      `GitHub found no repository ${repository} at ${apiBaseUrl}, or the token cannot see it: check the repository name and the token's access.`,
  },
  github_issues_disabled: {
    status: 502,
    meaning: 'Issues are disabled in the GitHub repository.',
    message: ({ repository, said }: { repository: string; said: string }) =>
      `Issues are disabled in ${repository}: ${said}.`,
  },
  github_validation_failed: {
    status: 502,
    meaning: 'GitHub refused the issue as invalid; details.errors hold its reasons.',
    message: ({ said }: { said: string }) => `GitHub refused the issue: ${said}.`,
  },
  github_error: {
    status: 502,
    meaning: 'GitHub answered with an error Vigie has no more specific code for.',
    message: ({ githubStatus, said }: { githubStatus: number; said: string }) =>
      `GitHub answered ${githubStatus}: ${said}.`,
  },
  github_unreachable: {
    status: 502,
    meaning: "Vigie could not connect to the project's GitHub API base URL.",
    message: ({ apiBaseUrl, cause }: { apiBaseUrl: string; cause: string }) =>
      `Could not reach GitHub at ${apiBaseUrl} (${cause}); check the API base URL in the project's GitHub settings.`,
  },
  github_bad_response: {
    status: 502,
    meaning: 'The GitHub API base URL answered, but not as GitHub does.',
    message: ({ apiBaseUrl }: { apiBaseUrl: string }) =>
      `${apiBaseUrl} answered without an issue URL and number: is it a GitHub API base URL?`,
  },
  github_rate_limited: {
    status: 503,
    meaning: "GitHub's rate limit for the project's token is exhausted; Retry-After says when to retry.",
    message: ({ said }: { said: string }) =>
      `GitHub's rate limit for this token is exhausted: ${said}. Try again in a minute.`,
  },
  github_timeout: {
    status: 504,
    meaning: 'GitHub did not answer in time.',
    message: ({ seconds, apiBaseUrl }: { seconds: number; apiBaseUrl: string }) =>
      `GitHub did not answer within ${seconds} s at ${apiBaseUrl}; try again later, or check the API base URL in the project's GitHub settings.`,
  },

  // --- Content Security Policy: reports and the policy builder (csp/) ---
  invalid_csp_report: {
    status: 400,
    meaning:
      'A CSP report body is not what browsers send: one {"csp-report": {…}} object (application/csp-report) ' +
      'or an array of Reporting API reports (application/reports+json); the message says what is wrong.',
    message: asWritten,
  },
  unsupported_report_type: {
    status: 415,
    meaning:
      'The CSP report endpoints read application/csp-report, application/reports+json and application/json.',
    message: asWritten,
  },
  invalid_csp_policy: {
    status: 400,
    meaning: 'A policy to publish, check or export is not a valid Content-Security-Policy value.',
    message: asWritten,
  },
  csp_policy_not_published: {
    status: 404,
    message:
      'No CSP policy has been published for this project yet: build one on the policy builder page and publish it (POST /api/v1/projects/{id}/csp/versions).',
  },

  // --- Alerts (alerts/) ---
  invalid_alert_rule: {
    status: 400,
    meaning: 'An alert rule is not valid as given: a condition, filter or action says what is wrong.',
    message: asWritten,
  },
  invalid_alert_channel: {
    status: 400,
    meaning: "An alert channel's target is not valid (its URL, routing key or recipients).",
    message: asWritten,
  },
  alert_channel_in_use: {
    status: 409,
    meaning: 'The channel is named by an alert rule or is the escalation channel; change those first.',
    message: asWritten,
  },
  alert_channel_not_found: {
    status: 404,
    meaning: 'The alert channel does not exist in this project.',
    message: ({ id }: { id: number | string }) => `Alert channel ${id} does not exist in this project.`,
  },
  alert_rule_not_found: {
    status: 404,
    meaning: 'The alert rule does not exist in this project.',
    message: ({ id }: { id: number | string }) => `Alert rule ${id} does not exist in this project.`,
  },
  alert_delivery_not_found: {
    status: 404,
    meaning: 'The alert delivery does not exist in this project.',
    message: ({ id }: { id: number | string }) => `Alert delivery ${id} does not exist in this project.`,
  },
  no_escalation_channel: {
    status: 409,
    meaning: 'The project has no escalation channel to ask the team through.',
    message:
      'This project has no escalation channel: a manager sets one (a Slack or webhook channel) in its alert settings.',
  },
  email_not_configured: {
    status: 400,
    meaning: 'E-mail channels need VIGIE_SMTP_URL and VIGIE_SMTP_FROM on the server.',
    message: 'E-mail is not configured on this Vigie: set VIGIE_SMTP_URL and VIGIE_SMTP_FROM, then restart.',
  },
  invalid_gate_query: {
    status: 400,
    meaning:
      "The gate's question cannot be answered as asked: a window Vigie does not read, a release unknown to the project, " +
      'or no baseline to compare with.',
    message: asWritten,
  },
  gate_not_passed: {
    status: 412,
    meaning:
      "Flagger's webhook: the gate did not pass the release (fail, or inconclusive while the data is thin); details " +
      'hold the verdict, its reasons and numbers. Flagger halts the canary on it.',
    message: asWritten,
  },
  invalid_deploy: {
    status: 400,
    meaning:
      'The deploy cannot be recorded as sent: a finish before its start, or no project to record it in.',
    message: asWritten,
  },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** The codes in catalogue order, for the OpenAPI document and tests. */
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];
