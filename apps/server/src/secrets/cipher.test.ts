import { createSecretKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, SecretDecryptError } from './cipher.ts';

const key = createSecretKey(randomBytes(32));
const token = 'github_pat_11ABCDEFG0123456789_realistic';

describe('secrets at rest', () => {
  it('round-trips a token and never stores it in clear', () => {
    const sealed = encryptSecret(key, token, 'github_settings.token_ciphertext:1');
    expect(sealed).toMatch(/^v1:[\w-]{16}:[\w-]+:[\w-]{22}$/);
    expect(sealed).not.toContain(token);
    expect(decryptSecret(key, sealed, 'github_settings.token_ciphertext:1')).toBe(token);
  });

  it('gives the same token a different ciphertext each time (fresh nonce)', () => {
    const a = encryptSecret(key, token, 'ctx');
    const b = encryptSecret(key, token, 'ctx');
    expect(a).not.toBe(b);
  });

  it("refuses a ciphertext copied to another project's row", () => {
    const sealed = encryptSecret(key, token, 'github_settings.token_ciphertext:1');
    expect(() => decryptSecret(key, sealed, 'github_settings.token_ciphertext:2')).toThrow(
      SecretDecryptError,
    );
  });

  it('says the key changed when another key reads it', () => {
    const sealed = encryptSecret(key, token, 'ctx');
    const otherKey = createSecretKey(randomBytes(32));
    expect(() => decryptSecret(otherKey, sealed, 'ctx')).toThrow(/VIGIE_SECRET_KEY or the key file changed/);
  });

  it('detects a tampered ciphertext or a truncated tag', () => {
    const [v, nonce, data, tag] = encryptSecret(key, token, 'ctx').split(':');
    const flipped = Buffer.from(data!, 'base64url');
    flipped[0]! ^= 1;
    expect(() => decryptSecret(key, [v, nonce, flipped.toString('base64url'), tag].join(':'), 'ctx')).toThrow(
      SecretDecryptError,
    );
    const shortTag = Buffer.from(tag!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => decryptSecret(key, [v, nonce, data, shortTag].join(':'), 'ctx')).toThrow(SecretDecryptError);
    expect(() => decryptSecret(key, 'plaintext-token', 'ctx')).toThrow(/not in a format/);
  });
});
