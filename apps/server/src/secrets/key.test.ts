import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret } from './cipher.ts';
import { loadSecretKey, SecretKeyError } from './key.ts';

const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigie-key-'));
  dirs.push(dir);
  return dir;
};
const sqlite = { kind: 'sqlite' as const };
const postgres = { kind: 'postgres' as const };

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadSecretKey', () => {
  it('uses VIGIE_SECRET_KEY, as hex or base64, on either database', () => {
    const bytes = randomBytes(32);
    const fromHex = loadSecretKey({
      secretKey: bytes.toString('hex'),
      dataDir: dataDir(),
      database: postgres,
    });
    const fromBase64 = loadSecretKey({
      secretKey: bytes.toString('base64'),
      dataDir: dataDir(),
      database: sqlite,
    });
    const sealed = encryptSecret(fromHex, 'token', 'ctx');
    expect(decryptSecret(fromBase64, sealed, 'ctx')).toBe('token');
  });

  it('creates a key file readable by its owner only on first use with SQLite, and reuses it', () => {
    const dir = path.join(dataDir(), 'data');
    const first = loadSecretKey({ secretKey: undefined, dataDir: dir, database: sqlite });
    const file = path.join(dir, 'secret.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    const again = loadSecretKey({ secretKey: undefined, dataDir: dir, database: sqlite });
    expect(decryptSecret(again, encryptSecret(first, 'token', 'ctx'), 'ctx')).toBe('token');
  });

  it('accepts the key file contents as VIGIE_SECRET_KEY when moving to PostgreSQL', () => {
    const dir = dataDir();
    const sqliteKey = loadSecretKey({ secretKey: undefined, dataDir: dir, database: sqlite });
    const contents = readFileSync(path.join(dir, 'secret.key'), 'utf8').trim();
    const pgKey = loadSecretKey({ secretKey: contents, dataDir: '/nonexistent', database: postgres });
    expect(decryptSecret(pgKey, encryptSecret(sqliteKey, 'token', 'ctx'), 'ctx')).toBe('token');
  });

  it('requires VIGIE_SECRET_KEY on PostgreSQL instead of generating a key one instance alone would know', () => {
    expect(() => loadSecretKey({ secretKey: undefined, dataDir: dataDir(), database: postgres })).toThrow(
      SecretKeyError,
    );
    expect(() => loadSecretKey({ secretKey: undefined, dataDir: dataDir(), database: postgres })).toThrow(
      /VIGIE_SECRET_KEY is not set.*openssl rand -hex 32/,
    );
  });

  it('names the key file when its contents are not a key', () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'secret.key'), 'hunter2\n');
    expect(() => loadSecretKey({ secretKey: undefined, dataDir: dir, database: sqlite })).toThrow(
      /secret\.key is not a 32-byte key/,
    );
  });
});
