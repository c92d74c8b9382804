// `vigie key list|revoke|limit`: what a project's DSN keys are, and the two changes an operator makes
// to one: revoke it (a DSN leaked somewhere it should not be) and cap how many events it may send.
// A key is named by its public key or by a whole DSN, as the operator has it at hand.

import type { Kysely } from 'kysely';
import {
  dsnFor,
  findKey,
  findProject,
  listKeys,
  MAX_RATE_LIMIT_PER_MINUTE,
  revokeKey,
  setKeyRateLimit,
} from '../projects/project.repository.ts';
import { loadServedPublicUrl } from '../projects/public-url.repository.ts';
import { cliPublicUrl } from '../projects/public-url.ts';
import type { ProjectKey, Schema } from '../storage/schema.ts';
import { type Command, UsageError, withDatabase } from './command.ts';

/** The key a public key or a DSN (http://PUBLIC_KEY@host/PROJECT) names. */
async function keyNamed(db: Kysely<Schema>, ref: string | undefined, command: string): Promise<ProjectKey> {
  if (!ref) throw new UsageError(`${command} needs a KEY (its public key, or the DSN)`);
  let publicKey = ref;
  if (ref.includes('://')) {
    try {
      publicKey = new URL(ref).username;
    } catch {
      throw new UsageError(`"${ref}" is not a DSN`);
    }
  }
  const key = publicKey ? await findKey(db, publicKey) : undefined;
  if (!key) throw new UsageError(`no DSN key "${publicKey}" (vigie key list PROJECT shows them)`);
  return key;
}

const limitText = (key: ProjectKey) =>
  key.rate_limit_per_minute === null ? 'no rate limit' : `${key.rate_limit_per_minute} events/minute`;

export const keyCommands: Record<string, Command> = {
  'key list': {
    usage: 'vigie key list PROJECT',
    example: 'vigie key list web-shop',
    async run(config, args, out, note) {
      const ref = args[0];
      if (!ref) throw new UsageError('key list needs a PROJECT (id or slug)');
      await withDatabase(config, async ({ db }) => {
        const project = await findProject(db, ref);
        if (!project) throw new UsageError(`no project "${ref}"`);
        const publicUrl = cliPublicUrl(config, await loadServedPublicUrl(db));
        for (const key of await listKeys(db, project.id)) {
          const state = key.revoked_at === null ? limitText(key) : 'revoked';
          out(`${key.public_key}  ${key.label}  ${state}  ${dsnFor(publicUrl.url, key)}`);
        }
        if (publicUrl.note) note(publicUrl.note);
      });
    },
  },
  'key revoke': {
    usage: 'vigie key revoke KEY',
    example: 'vigie key revoke 3f2a9c…  (or the whole DSN)',
    async run(config, args, out) {
      await withDatabase(config, async ({ db }) => {
        const key = await keyNamed(db, args[0], 'key revoke');
        await revokeKey(db, key.project_id, key.id);
        out(`key ${key.public_key} (${key.label}) of project ${key.project_id} revoked`);
        out(`running servers refuse it within VIGIE_KEY_CACHE_TTL_MS (${config.ingest.keyCacheTtlMs} ms)`);
      });
    },
  },
  'key limit': {
    usage: 'vigie key limit KEY EVENTS_PER_MINUTE|none',
    example: 'vigie key limit 3f2a9c… 600',
    async run(config, args, out) {
      const [ref, value] = args;
      const perMinute = value === 'none' ? null : Number(value);
      if (
        perMinute !== null &&
        !(Number.isInteger(perMinute) && perMinute >= 1 && perMinute <= MAX_RATE_LIMIT_PER_MINUTE)
      ) {
        throw new UsageError(`key limit needs EVENTS_PER_MINUTE (1 to ${MAX_RATE_LIMIT_PER_MINUTE}) or none`);
      }
      await withDatabase(config, async ({ db }) => {
        const key = await keyNamed(db, ref, 'key limit');
        const updated = await setKeyRateLimit(db, key.project_id, key.id, perMinute);
        out(`key ${key.public_key} (${key.label}): ${limitText(updated ?? key)}`);
      });
    },
  },
};
