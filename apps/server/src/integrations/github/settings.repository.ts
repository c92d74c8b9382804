// A project's GitHub settings. The token is stored only encrypted (AES-256-GCM, bound to the project's
// row) and leaves this module only to be sent to GitHub: the API never returns it.

import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import { decryptSecret, encryptSecret } from '../../secrets/cipher.ts';
import type { Schema } from '../../storage/schema.ts';
import type { GithubTarget } from './client.ts';

type Db = Kysely<Schema>;

export const DEFAULT_API_BASE_URL = 'https://api.github.com';

export interface GithubSettings {
  projectId: number;
  apiBaseUrl: string;
  repository: string;
  updatedAt: number;
}

/** The associated data the token's ciphertext is bound to: it decrypts for this project only. */
const tokenContext = (projectId: number) => `github_settings.token_ciphertext:${projectId}`;

export async function findGithubSettings(db: Db, projectId: number): Promise<GithubSettings | undefined> {
  const row = await db
    .selectFrom('github_settings')
    .select(['project_id', 'api_base_url', 'repository', 'updated_at'])
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return row
    ? {
        projectId: row.project_id,
        apiBaseUrl: row.api_base_url,
        repository: row.repository,
        updatedAt: row.updated_at,
      }
    : undefined;
}

/**
 * Creates or replaces the settings; without a token, the stored one is kept (false if there is none).
 * `key` is asked for only when there is a token to encrypt.
 */
export async function saveGithubSettings(
  db: Db,
  key: () => KeyObject,
  input: {
    projectId: number;
    apiBaseUrl: string;
    repository: string;
    token: string | undefined;
    nowMs?: number;
  },
): Promise<boolean> {
  const updatedAt = input.nowMs ?? Date.now();
  const fields = { api_base_url: input.apiBaseUrl, repository: input.repository, updated_at: updatedAt };
  if (input.token === undefined) {
    const result = await db
      .updateTable('github_settings')
      .set(fields)
      .where('project_id', '=', input.projectId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
  const token_ciphertext = encryptSecret(key(), input.token, tokenContext(input.projectId));
  await db
    .insertInto('github_settings')
    .values({ project_id: input.projectId, token_ciphertext, ...fields })
    .onConflict((oc) => oc.column('project_id').doUpdateSet({ token_ciphertext, ...fields }))
    .execute();
  return true;
}

export async function deleteGithubSettings(db: Db, projectId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('github_settings')
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Settings with the token decrypted, to call GitHub with; undefined when GitHub is not configured. */
export async function githubTargetOf(
  db: Db,
  key: KeyObject,
  projectId: number,
): Promise<GithubTarget | undefined> {
  const row = await db
    .selectFrom('github_settings')
    .select(['api_base_url', 'repository', 'token_ciphertext'])
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    apiBaseUrl: row.api_base_url,
    repository: row.repository,
    token: decryptSecret(key, row.token_ciphertext, tokenContext(projectId)),
  };
}
