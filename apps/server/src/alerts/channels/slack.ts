// Slack incoming webhooks: a POST of a Block Kit message to the webhook's URL; Slack answers 200 `ok`,
// or 400 invalid_payload, 403 action_prohibited, 404 channel_not_found, 410 channel_is_archived (none of
// which a retry fixes), or 5xx / 429 (retried).

import {
  type AlertMessage,
  type Channel,
  type ChannelTarget,
  clip,
  type DeliveryResult,
  type SendContext,
} from './channel.ts';
import { postJson } from './http-post.ts';

// Block Kit's limits: a header's plain_text up to 150 characters, a section's text up to 3,000, a field's
// up to 2,000 and 10 fields, a context's 10 elements, a button's text 75 and its URL 3,000, 50 blocks.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;
const DIGEST_ITEMS_MAX = 20;

const HEADLINES: Record<AlertMessage['kind'], string> = {
  trigger: '',
  resolve: 'Resolved: ',
  test: 'Test alert: ',
  digest: '',
  escalation: 'Support asks: ',
  weekly: '',
};

/** Slack's mrkdwn needs &, < and > escaped: event text must not become links or mentions. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const plain = (text: string, max: number) => ({ type: 'plain_text', text: clip(text, max), emoji: false });
const mrkdwn = (text: string, max: number) => ({ type: 'mrkdwn', text: clip(text, max) });

/** The Block Kit body: header, why, the facts as fields, the digest's lines, and a button to the issue. */
export function slackMessage(message: AlertMessage) {
  const title = `${HEADLINES[message.kind]}${message.title}`;
  const facts: [string, string | null][] = [
    ['Project', message.projectName],
    ['Culprit', message.culprit],
    ['Level', message.level],
    ['Environment', message.environment],
    ['Release', message.release],
    ['Events', message.counts ? String(message.counts.events) : null],
    ['Users', message.counts ? String(message.counts.users) : null],
    ['Rule', message.ruleName],
  ];
  const fields = facts
    .filter((f): f is [string, string] => f[1] !== null && f[1] !== '')
    .slice(0, 10)
    .map(([name, value]) => mrkdwn(`*${name}*\n${escapeMrkdwn(value)}`, FIELD_MAX));
  const blocks: unknown[] = [
    { type: 'header', text: plain(title, HEADER_MAX) },
    { type: 'section', text: mrkdwn(escapeMrkdwn(message.why), SECTION_MAX) },
  ];
  if (fields.length > 0) blocks.push({ type: 'section', fields });
  if (message.items && message.items.length > 0) {
    const lines = message.items
      .slice(0, DIGEST_ITEMS_MAX)
      .map((i) => `• <${i.url}|${escapeMrkdwn(clip(i.title, 200))}>: ${escapeMrkdwn(clip(i.why, 200))}`);
    if (message.items.length > DIGEST_ITEMS_MAX)
      lines.push(`…and ${message.items.length - DIGEST_ITEMS_MAX} more`);
    blocks.push({ type: 'section', text: mrkdwn(lines.join('\n'), SECTION_MAX) });
  }
  blocks.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        text: plain(message.items ? 'Open the issues' : 'Open the issue', 75),
        url: message.url,
      },
    ],
  });
  // `text` is the notification's fallback (and what screen readers get).
  return { text: clip(`${title} (${message.projectName})`, SECTION_MAX), blocks };
}

export const slackChannel: Channel = {
  kind: 'slack',
  send(message: AlertMessage, target: ChannelTarget, context: SendContext): Promise<DeliveryResult> {
    return postJson(target.url ?? '', slackMessage(message), context, (status) => status === 200);
  },
};
