// The channels by kind, built once from the configuration.

import type { ChannelKind } from '../rule.ts';
import type { Channel } from './channel.ts';
import { emailChannel, type SmtpSettings } from './email.ts';
import { pagerDutyChannel } from './pagerduty.ts';
import { slackChannel } from './slack.ts';
import { webhookChannel } from './webhook.ts';

export type Channels = ReadonlyMap<ChannelKind, Channel>;

export function createChannels(smtp: SmtpSettings | undefined): Channels {
  return new Map<ChannelKind, Channel>([
    ['pagerduty', pagerDutyChannel],
    ['slack', slackChannel],
    ['webhook', webhookChannel],
    ['email', emailChannel(smtp)],
  ]);
}
