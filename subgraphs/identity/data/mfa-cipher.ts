import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Encrypts TOTP secrets at rest, so a database dump alone does not yield working second factors. */
export interface MfaCipher {
  /** `aad` binds the ciphertext to its owner: a secret copied onto another user's row fails to decrypt. */
  encrypt(secret: Buffer, aad: string): string;
  decrypt(stored: string, aad: string): Buffer;
}

export function createMfaCipher(key: Buffer): MfaCipher {
  if (key.length !== 32) throw new Error('identity: MFA_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
  return {
    encrypt(secret, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad));
      const body = Buffer.concat([cipher.update(secret), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    decrypt(stored, aad) {
      const [version, iv, tag, body] = stored.split('.');
      if (version !== 'v1' || !iv || !tag || !body) throw new Error('unknown MFA secret format');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(aad));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
    },
  };
}

/**
 * The MFA key: from config in production; in development generated once and kept beside the dev
 * signing key; with no dev key file (tests) a fixed, publicly known key, which is fine for throwaway data.
 */
export function loadMfaKey(options: { configured: string | undefined; production: boolean; devKeyFile: string | undefined }): Buffer {
  if (options.configured) return Buffer.from(options.configured, 'base64');
  if (options.production) throw new Error('identity: MFA_ENCRYPTION_KEY is required in production');
  if (!options.devKeyFile) return createHash('sha256').update('flowgraph-development-mfa-key').digest();
  const file = join(dirname(options.devKeyFile), 'identity-mfa-key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  const key = randomBytes(32);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}
