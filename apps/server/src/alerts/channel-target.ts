// A channel's target from what the API was given: checked for its kind, the secret part sealed with the
// instance's key (bound to the channel's row), and a description without secrets for the API to show.

import type { KeyObject } from 'node:crypto';
import { VigieError } from '../errors.ts';
import { decryptSecret, encryptSecret } from '../secrets/cipher.ts';
import type { ChannelTarget } from './channels/channel.ts';
import { PAGERDUTY_EVENTS_URL } from './channels/pagerduty.ts';
import { newWebhookSecret } from './channels/webhook.ts';
import type { ChannelKind } from './rule.ts';

export interface TargetInput {
  url?: string | undefined;
  routingKey?: string | undefined;
  to?: readonly string[] | undefined;
}

export interface BuiltTarget {
  target: ChannelTarget;
  details: { target: string };
}

const context = (channelId: number) => `alert_channels:${channelId}`;

export const sealTarget = (key: KeyObject, channelId: number, target: ChannelTarget) =>
  encryptSecret(key, JSON.stringify(target), context(channelId));

export const openTarget = (key: KeyObject, channelId: number, sealed: string): ChannelTarget =>
  JSON.parse(decryptSecret(key, sealed, context(channelId))) as ChannelTarget;

function checkUrl(value: string | undefined, what: string, allowHttp: boolean): string {
  if (!value) throw new VigieError('invalid_alert_channel', { message: `${what} needs a url.` });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new VigieError('invalid_alert_channel', {
      message: `url is not a URL: ${JSON.stringify(value.slice(0, 100))}.`,
    });
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    throw new VigieError('invalid_alert_channel', {
      message: `url must use https (http only with VIGIE_ALLOW_PRIVATE_WEBHOOKS, for a local receiver).`,
    });
  }
  if (url.username || url.password) {
    throw new VigieError('invalid_alert_channel', { message: 'url must not carry a user name or password.' });
  }
  return url.toString();
}

/**
 * The target of a new channel (or a changed one: `previous` keeps a webhook's signing secret). A webhook
 * gets a signing secret, shown once by the route that creates the channel.
 */
export function buildTarget(
  kind: ChannelKind,
  input: TargetInput,
  options: { allowHttp: boolean; emailConfigured: boolean; previous?: ChannelTarget },
): BuiltTarget {
  switch (kind) {
    case 'pagerduty': {
      if (!input.routingKey) {
        throw new VigieError('invalid_alert_channel', {
          message: "A PagerDuty channel needs its integration's routingKey.",
        });
      }
      const url = checkUrl(input.url ?? PAGERDUTY_EVENTS_URL, 'A PagerDuty channel', options.allowHttp);
      return {
        target: { url, routingKey: input.routingKey },
        details: { target: `${new URL(url).host} · …${input.routingKey.slice(-4)}` },
      };
    }
    case 'slack':
    case 'webhook': {
      const url = checkUrl(
        input.url,
        kind === 'slack' ? 'A Slack channel' : 'A webhook channel',
        options.allowHttp,
      );
      const secret = kind === 'webhook' ? (options.previous?.secret ?? newWebhookSecret()) : undefined;
      return { target: { url, ...(secret ? { secret } : {}) }, details: { target: new URL(url).host } };
    }
    case 'email': {
      if (!options.emailConfigured) throw new VigieError('email_not_configured');
      if (!input.to || input.to.length === 0) {
        throw new VigieError('invalid_alert_channel', {
          message: 'An e-mail channel needs at least one address in to.',
        });
      }
      return { target: { to: [...input.to] }, details: { target: input.to.join(', ') } };
    }
  }
}
