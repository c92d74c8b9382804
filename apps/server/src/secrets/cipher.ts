// AES-256-GCM for small secrets stored in the database. Each value gets a fresh 96-bit nonce, and a
// context string (e.g. "github_settings:12") is bound as associated data, so a ciphertext copied to
// another row or column does not decrypt there.

import { createCipheriv, createDecipheriv, type KeyObject, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/** The stored ciphertext is unreadable: wrong key (VIGIE_SECRET_KEY changed), wrong context, or tampered. */
export class SecretDecryptError extends Error {
  override name = 'SecretDecryptError';
}

/** `v1:<nonce>:<ciphertext>:<tag>`, base64url parts. */
export function encryptSecret(key: KeyObject, plaintext: string, context: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [nonce, ciphertext, cipher.getAuthTag()].map((b) => b.toString('base64url'));
  return [VERSION, ...parts].join(':');
}

export function decryptSecret(key: KeyObject, sealed: string, context: string): string {
  const [version, nonce, ciphertext, tag, ...rest] = sealed.split(':');
  if (version !== VERSION || nonce === undefined || ciphertext === undefined || !tag || rest.length > 0) {
    throw new SecretDecryptError('The stored secret is not in a format this version of Vigie reads.');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'), {
      authTagLength: 16,
    });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch (error) {
    throw new SecretDecryptError(
      'The stored secret cannot be decrypted with the current key (was VIGIE_SECRET_KEY or the key file changed?).',
      { cause: error },
    );
  }
}
