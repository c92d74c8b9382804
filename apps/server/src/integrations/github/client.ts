// Creates an issue through GitHub's REST API (POST /repos/{owner}/{repo}/issues, API version
// 2022-11-28; GitHub Enterprise Server serves the same under https://<host>/api/v3). Every way it can
// fail becomes a VigieError that tells the user what GitHub said and what to do about it.

import { VigieError } from '../../errors.ts';

export interface GithubTarget {
  /** https://api.github.com, or https://<host>/api/v3 for GitHub Enterprise Server. */
  apiBaseUrl: string;
  /** owner/name */
  repository: string;
  token: string;
}

export interface CreatedGithubIssue {
  url: string;
  number: number;
}

export const GITHUB_TIMEOUT_MS = 10_000;

export async function createGithubIssue(
  target: GithubTarget,
  issue: { title: string; body: string },
  options: { timeoutMs?: number } = {},
): Promise<CreatedGithubIssue> {
  const timeoutMs = options.timeoutMs ?? GITHUB_TIMEOUT_MS;
  const [owner = '', name = ''] = target.repository.split('/');
  const url = `${target.apiBaseUrl.replace(/\/+$/, '')}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}/issues`;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${target.token}`,
        'content-type': 'application/json',
        'user-agent': 'Vigie',
        'x-github-api-version': '2022-11-28',
      },
      body: JSON.stringify({ title: issue.title, body: issue.body }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw transportError(error, target, timeoutMs);
  }
  const body = parseJson(text);
  if (response.status === 201 || response.status === 200) return createdIssue(body, target);
  throw githubError(response, body, target);
}

export function transportError(error: unknown, target: GithubTarget, timeoutMs: number): VigieError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new VigieError('github_timeout', { seconds: timeoutMs / 1000, apiBaseUrl: target.apiBaseUrl });
  }
  const cause =
    error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.message) : '';
  return new VigieError('github_unreachable', {
    apiBaseUrl: target.apiBaseUrl,
    cause: cause || 'network error',
  });
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function createdIssue(body: unknown, target: GithubTarget): CreatedGithubIssue {
  const created = body as { html_url?: unknown; number?: unknown } | undefined;
  if (typeof created?.html_url !== 'string' || typeof created.number !== 'number') {
    throw new VigieError('github_bad_response', { apiBaseUrl: target.apiBaseUrl });
  }
  return { url: created.html_url, number: created.number };
}

interface GithubErrorBody {
  message?: unknown;
  errors?: unknown;
}

/** GitHub's own words: its message, and for 422 the message or code of each validation error. */
function githubMessage(body: unknown): string {
  const b = (body ?? {}) as GithubErrorBody;
  const message = typeof b.message === 'string' ? b.message : '';
  const details = Array.isArray(b.errors)
    ? b.errors.map((e: { message?: unknown; field?: unknown; code?: unknown }) =>
        typeof e?.message === 'string'
          ? e.message
          : [e?.field, e?.code].filter((p) => typeof p === 'string').join(' '),
      )
    : [];
  const text = [message, ...details.filter((d) => d !== '')].join('; ');
  return (text.length > 500 ? `${text.slice(0, 500)}…` : text) || 'no message';
}

export function githubError(response: Response, body: unknown, target: GithubTarget): VigieError {
  const said = githubMessage(body);
  const repo = target.repository;
  const status = response.status;
  const rateLimited =
    status === 429 ||
    (status === 403 && (response.headers.get('x-ratelimit-remaining') === '0' || /rate limit/i.test(said)));
  if (rateLimited) {
    const retryAfter = Number(response.headers.get('retry-after') ?? 60);
    return new VigieError(
      'github_rate_limited',
      { said },
      { retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : 60 },
    );
  }
  if (status === 401 || status === 403) {
    return new VigieError('github_auth_failed', { said, repository: repo }, { githubStatus: status });
  }
  if (status === 404) {
    return new VigieError(
      'github_repository_not_found',
      { repository: repo, apiBaseUrl: target.apiBaseUrl },
      { githubStatus: status },
    );
  }
  if (status === 410) {
    return new VigieError('github_issues_disabled', { repository: repo, said }, { githubStatus: status });
  }
  if (status === 422) {
    const errors = Array.isArray((body as GithubErrorBody | undefined)?.errors)
      ? (body as { errors: unknown[] }).errors
      : [];
    return new VigieError('github_validation_failed', { said }, { githubStatus: status, errors });
  }
  return new VigieError('github_error', { githubStatus: status, said }, { githubStatus: status });
}
