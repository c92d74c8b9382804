// Where and as whom Vigie calls GitHub for a project: the instance's secret key (loaded on first use, so
// an instance that never stores a GitHub token needs none) and the project's decrypted settings.

import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.ts';
import { VigieError } from '../../errors.ts';
import { SecretDecryptError } from '../../secrets/cipher.ts';
import { loadSecretKey, SecretKeyError } from '../../secrets/key.ts';
import type { Schema } from '../../storage/schema.ts';
import type { GithubTarget } from './client.ts';
import { githubTargetOf } from './settings.repository.ts';

export function secretKeyLoader(config: Config): () => KeyObject {
  let key: KeyObject | undefined;
  return () => {
    try {
      key ??= loadSecretKey(config);
      return key;
    } catch (error) {
      if (error instanceof SecretKeyError)
        throw new VigieError('secret_key_unavailable', { message: error.message });
      throw error;
    }
  };
}

/** The project's GitHub target; 409 when GitHub is not configured or its token cannot be read. */
export async function requireGithubTarget(
  db: Kysely<Schema>,
  secretKey: () => KeyObject,
  projectId: number,
): Promise<GithubTarget> {
  let target: GithubTarget | undefined;
  try {
    target = await githubTargetOf(db, secretKey(), projectId);
  } catch (error) {
    if (!(error instanceof SecretDecryptError)) throw error;
    throw new VigieError('github_token_unreadable', { reason: error.message });
  }
  if (!target) throw new VigieError('github_not_configured', { projectId });
  return target;
}
