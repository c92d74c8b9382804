// Reads a file of the project's repository through GitHub's REST API (GET /repos/{owner}/{repo}/contents/
// {path}, raw media type, API version 2022-11-28), for the CODEOWNERS import. The file is read as it
// streams in and refused past `maxBytes`.

import { VigieError } from '../../errors.ts';
import { GITHUB_TIMEOUT_MS, type GithubTarget, githubError, parseJson, transportError } from './client.ts';

/** The file's text, or null when the repository has no such file. */
export async function fetchRepositoryFile(
  target: GithubTarget,
  path: string,
  maxBytes: number,
  options: { timeoutMs?: number } = {},
): Promise<string | null> {
  const timeoutMs = options.timeoutMs ?? GITHUB_TIMEOUT_MS;
  const [owner = '', name = ''] = target.repository.split('/');
  const filePath = path.split('/').map(encodeURIComponent).join('/');
  const url = `${target.apiBaseUrl.replace(/\/+$/, '')}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}/contents/${filePath}`;
  let response: Response;
  let bytes: Uint8Array;
  try {
    response = await fetch(url, {
      headers: {
        accept: 'application/vnd.github.raw+json',
        authorization: `Bearer ${target.token}`,
        'user-agent': 'Vigie',
        'x-github-api-version': '2022-11-28',
      },
      signal: AbortSignal.timeout(timeoutMs),
    });
    bytes = await readAtMost(response, maxBytes, path);
  } catch (error) {
    if (error instanceof VigieError) throw error;
    throw transportError(error, target, timeoutMs);
  }
  const text = new TextDecoder().decode(bytes);
  if (response.status === 200) return text;
  if (response.status === 404) return null;
  throw githubError(response, parseJson(text), target);
}

async function readAtMost(response: Response, maxBytes: number, path: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        await response.body.cancel().catch(() => {});
        throw new VigieError('codeowners_too_large', { path, maxBytes });
      }
      parts.push(chunk);
    }
  }
  return Buffer.concat(parts);
}
