// A local stand-in for GitHub's REST API, enough of POST /repos/{owner}/{repo}/issues and of
// GET /repos/{owner}/{repo}/contents/{path} (the raw media type) to test Vigie against: it checks the headers GitHub requires, records what it received, and answers like GitHub
// does, or fails the way GitHub can (bad token, unknown repository, validation error, no answer).

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeGithubMode = 'created' | 'validation_failed' | 'hang';

export interface ReceivedIssue {
  owner: string;
  repo: string;
  headers: IncomingMessage['headers'];
  title: string;
  body: string;
}

export interface FakeGithub {
  /** http://127.0.0.1:<port>: use as the project's apiBaseUrl. */
  url: string;
  /** The token it accepts; any other gets 401 Bad credentials. */
  token: string;
  /** Repositories that exist ("owner/name"); others get 404. */
  repositories: Set<string>;
  mode: FakeGithubMode;
  received: ReceivedIssue[];
  /** Requests left unanswered ('hang' mode) whose client then hung up. */
  abandoned: number;
  /** Files of the repositories, by "owner/name:path", served by the contents endpoint. */
  files: Map<string, string>;
  /** The paths asked of the contents endpoint, in order. */
  fileRequests: string[];
  close(): Promise<void>;
}

export async function startFakeGithub(options: {
  token: string;
  repositories: string[];
}): Promise<FakeGithub> {
  const fake: Omit<FakeGithub, 'url' | 'close'> = {
    token: options.token,
    repositories: new Set(options.repositories),
    mode: 'created',
    received: [],
    abandoned: 0,
    files: new Map(),
    fileRequests: [],
  };
  let nextNumber = 1;
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(body));
    };
    const contents = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(request.url ?? '');
    if (request.method === 'GET' && contents) {
      if (request.headers.authorization !== `Bearer ${fake.token}`)
        return send(401, { message: 'Bad credentials' });
      if (
        request.headers.accept !== 'application/vnd.github.raw+json' ||
        request.headers['x-github-api-version'] !== '2022-11-28'
      ) {
        return send(415, { message: 'Unsupported Media Type' });
      }
      const repository = `${decodeURIComponent(contents[1]!)}/${decodeURIComponent(contents[2]!)}`;
      const filePath = contents[3]!.split('/').map(decodeURIComponent).join('/');
      fake.fileRequests.push(filePath);
      const text = fake.files.get(`${repository}:${filePath}`);
      if (!fake.repositories.has(repository) || text === undefined) {
        return send(404, {
          message: 'Not Found',
          documentation_url: 'https://docs.github.com/rest',
          status: '404',
        });
      }
      response.writeHead(200, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
      return response.end(text);
    }
    const match = /^\/repos\/([^/]+)\/([^/]+)\/issues$/.exec(request.url ?? '');
    if (request.method !== 'POST' || !match) return send(404, { message: 'Not Found' });
    if (request.headers.authorization !== `Bearer ${fake.token}`) {
      return send(401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
    }
    if (
      request.headers.accept !== 'application/vnd.github+json' ||
      request.headers['x-github-api-version'] !== '2022-11-28'
    ) {
      return send(415, { message: 'Unsupported Media Type' });
    }
    const [owner, repo] = [decodeURIComponent(match[1]!), decodeURIComponent(match[2]!)];
    if (!fake.repositories.has(`${owner}/${repo}`)) return send(404, { message: 'Not Found', status: '404' });
    if (fake.mode === 'hang') {
      // Never answers: the client's timeout must fire, and the client hang up.
      response.once('close', () => fake.abandoned++);
      return;
    }
    const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { title: string; body: string };
    if (fake.mode === 'validation_failed') {
      return send(422, {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'Issue',
            code: 'custom',
            field: 'body',
            message: 'body is too long (maximum is 65536 characters)',
          },
        ],
        documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue',
        status: '422',
      });
    }
    fake.received.push({ owner, repo, headers: request.headers, title: payload.title, body: payload.body });
    const number = nextNumber++;
    return send(201, {
      id: 1_000_000 + number,
      number,
      html_url: `https://github.com/${owner}/${repo}/issues/${number}`,
      url: `https://api.github.com/repos/${owner}/${repo}/issues/${number}`,
      title: payload.title,
      state: 'open',
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
