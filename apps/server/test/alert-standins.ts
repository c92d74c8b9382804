// Local stand-ins for PagerDuty's Events API v2, a Slack incoming webhook and a Standard Webhooks receiver.
// Each checks every request against the documented format (fields, enums, lengths, the signature) and
// answers as the real service does, or fails on demand (500, 429, 400) so the retries can be tested.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  // biome-ignore lint/suspicious/noExplicitAny: what the tests read from a checked body
  body: any;
  /** What the stand-in found wrong with the request; empty when it follows the documented format. */
  problems: string[];
  /** The status it answered. */
  status: number;
}

export interface StandIns {
  url: string;
  pagerDutyUrl: string;
  slackUrl: string;
  webhookUrl: string;
  /** The webhook receiver's signing secret (set it to the one Vigie showed when the channel was made). */
  webhookSecret: string;
  received: Received[];
  /** Statuses to answer next, before checking (e.g. [500, 429]): one per request, first in first out. */
  failNext: number[];
  /** Requests to one of the three paths. */
  to(kind: 'pagerduty' | 'slack' | 'webhook'): Received[];
  close(): Promise<void>;
}

const SEVERITIES = ['critical', 'error', 'warning', 'info'];
const ACTIONS = ['trigger', 'acknowledge', 'resolve'];
const isIso = (value: unknown) => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** PagerDuty Events API v2: https://events.pagerduty.com/v2/enqueue. */
export function pagerDutyProblems(body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (typeof body.routing_key !== 'string' || body.routing_key.length !== 32)
    problems.push("Length of 'routing_key' is incorrect (should be 32 characters)");
  if (!ACTIONS.includes(body.event_action as string)) problems.push("'event_action' is missing or invalid");
  const dedupKey = body.dedup_key;
  if (dedupKey !== undefined && (typeof dedupKey !== 'string' || dedupKey.length > 255))
    problems.push("'dedup_key' must be a string of at most 255 characters");
  if (body.event_action !== 'trigger') {
    if (typeof dedupKey !== 'string' || dedupKey === '')
      problems.push("'dedup_key' is required for this action");
    return problems;
  }
  const payload = body.payload as Record<string, unknown> | undefined;
  if (!payload || typeof payload !== 'object') return [...problems, "'payload' is missing"];
  if (typeof payload.summary !== 'string' || payload.summary === '' || payload.summary.length > 1024)
    problems.push("'payload.summary' must be 1 to 1024 characters");
  if (typeof payload.source !== 'string' || payload.source === '')
    problems.push("'payload.source' is missing");
  if (!SEVERITIES.includes(payload.severity as string)) problems.push("'payload.severity' is invalid");
  if (payload.timestamp !== undefined && !isIso(payload.timestamp))
    problems.push("'payload.timestamp' is not a date");
  if (payload.custom_details !== undefined && typeof payload.custom_details !== 'object')
    problems.push("'payload.custom_details' must be an object");
  for (const link of (body.links as { href?: unknown }[] | undefined) ?? []) {
    if (typeof link.href !== 'string' || !URL.canParse(link.href))
      problems.push("'links[].href' must be a URL");
  }
  return problems;
}

/** Slack Block Kit, as an incoming webhook takes it. */
export function slackProblems(body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const blocks = body.blocks as Record<string, unknown>[] | undefined;
  if (typeof body.text !== 'string' && !Array.isArray(blocks)) problems.push('no_text');
  if (!Array.isArray(blocks)) return problems;
  if (blocks.length > 50) problems.push('more than 50 blocks');
  const text = (t: unknown, max: number, type?: string): void => {
    const o = t as { type?: unknown; text?: unknown } | undefined;
    if (!o || (o.type !== 'plain_text' && o.type !== 'mrkdwn')) {
      problems.push('a text object needs a type');
      return;
    }
    if (type && o.type !== type) problems.push(`text must be ${type}`);
    if (typeof o.text !== 'string' || o.text.length === 0 || o.text.length > max)
      problems.push(`text must be 1 to ${max} characters`);
  };
  for (const block of blocks) {
    switch (block.type) {
      case 'header':
        text(block.text, 150, 'plain_text');
        break;
      case 'section': {
        const fields = block.fields as unknown[] | undefined;
        if (block.text === undefined && fields === undefined) problems.push('a section needs text or fields');
        if (block.text !== undefined) text(block.text, 3000);
        if (fields && fields.length > 10) problems.push('a section has at most 10 fields');
        for (const f of fields ?? []) text(f, 2000);
        break;
      }
      case 'actions':
        for (const e of (block.elements as Record<string, unknown>[]) ?? []) {
          if (e.type !== 'button') continue;
          text(e.text, 75, 'plain_text');
          if (typeof e.url === 'string' && e.url.length > 3000)
            problems.push('a button url is at most 3000 characters');
        }
        break;
      case 'context':
      case 'divider':
        break;
      default:
        problems.push(`unknown block type ${String(block.type)}`);
    }
  }
  return problems;
}

/** Standard Webhooks 1.0: the three headers, a recent timestamp, and a v1 signature that verifies. */
export function webhookProblems(
  headers: IncomingHttpHeaders,
  raw: string,
  secret: string,
  nowMs: number,
): string[] {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signature = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string')
    return ['missing webhook-id, webhook-timestamp or webhook-signature'];
  if (!/^\d+$/.test(timestamp) || Math.abs(Number(timestamp) * 1000 - nowMs) > 5 * 60_000)
    return ['webhook-timestamp is not within 5 minutes'];
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${raw}`).digest();
  const verified = signature.split(' ').some((entry) => {
    const [version, value] = entry.split(',');
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return verified ? [] : ['no signature verifies'];
}

export async function startStandIns(): Promise<StandIns> {
  const state = { received: [] as Received[], failNext: [] as number[], webhookSecret: '' };
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = request.url ?? '';
    let body: Record<string, unknown> = {};
    const problems: string[] = [];
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      problems.push('the body is not JSON');
    }
    if (!String(request.headers['content-type']).startsWith('application/json'))
      problems.push('content-type is not application/json');
    if (path === '/v2/enqueue') problems.push(...pagerDutyProblems(body));
    else if (path.startsWith('/services/')) problems.push(...slackProblems(body));
    else if (path === '/hooks/vigie')
      problems.push(...webhookProblems(request.headers, raw, state.webhookSecret, Date.now()));
    else problems.push('unknown path');
    const forced = state.failNext.shift();
    const [status, answer, type] = answerFor(path, forced, problems, body);
    state.received.push({ path, headers: request.headers, raw, body, problems, status });
    response.writeHead(status, { 'content-type': type });
    response.end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const standIns: StandIns = {
    url,
    pagerDutyUrl: `${url}/v2/enqueue`,
    slackUrl: `${url}/services/T0000/B0000/XXXXXXXXXXXXXXXX`,
    webhookUrl: `${url}/hooks/vigie`,
    get webhookSecret() {
      return state.webhookSecret;
    },
    set webhookSecret(value: string) {
      state.webhookSecret = value;
    },
    received: state.received,
    failNext: state.failNext,
    to: (kind) =>
      state.received.filter((r) =>
        kind === 'pagerduty'
          ? r.path === '/v2/enqueue'
          : kind === 'slack'
            ? r.path.startsWith('/services/')
            : r.path === '/hooks/vigie',
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return standIns;
}

function answerFor(
  path: string,
  forced: number | undefined,
  problems: string[],
  body: Record<string, unknown>,
): [number, string, string] {
  const json = 'application/json';
  if (path === '/v2/enqueue') {
    if (forced === 429) return [429, '', 'text/plain'];
    if (forced !== undefined && forced >= 500)
      return [forced, JSON.stringify({ status: 'error', message: 'Internal Server Error' }), json];
    if (forced === 400 || problems.length > 0)
      return [
        400,
        JSON.stringify({ status: 'invalid event', message: 'Event object is invalid', errors: problems }),
        json,
      ];
    return [
      202,
      JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: body.dedup_key }),
      json,
    ];
  }
  if (path.startsWith('/services/')) {
    if (forced === 429) return [429, 'rate_limited', 'text/plain'];
    if (forced !== undefined && forced >= 500) return [forced, 'rollup_error', 'text/plain'];
    if (forced === 400 || problems.length > 0) return [400, 'invalid_payload', 'text/plain'];
    return [200, 'ok', 'text/plain'];
  }
  if (forced !== undefined) return [forced, '', 'text/plain'];
  return problems.length > 0 ? [401, problems.join('; '), 'text/plain'] : [204, '', 'text/plain'];
}
