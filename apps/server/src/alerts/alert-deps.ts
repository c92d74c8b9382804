// What sending alerts needs, built once from the configuration: the channels, the secrets key (loaded on
// first use, so an instance without channels needs none) and the outgoing-request policy.

import type { KeyObject } from 'node:crypto';
import type { Config } from '../config/config.ts';
import { VigieError } from '../errors.ts';
import { loadSecretKey, SecretKeyError } from '../secrets/key.ts';
import type { Database } from '../storage/database.ts';
import { createChannels } from './channels/channels.ts';
import type { DeliveryDeps } from './delivery.ts';

export function deliveryDepsOf(database: Database, config: Config): DeliveryDeps {
  let key: KeyObject | undefined;
  return {
    db: database.db,
    channels: createChannels(config.alerts.smtp),
    secretKey: () => {
      try {
        key ??= loadSecretKey(config);
        return key;
      } catch (error) {
        if (error instanceof SecretKeyError)
          throw new VigieError('secret_key_unavailable', { message: error.message });
        throw error;
      }
    },
    allowPrivate: config.alerts.allowPrivateWebhooks,
    publicUrl: config.publicUrl,
  };
}
