import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMfaCipher, loadMfaKey } from './mfa-cipher.js';

describe('MFA secret encryption', () => {
  const cipher = createMfaCipher(Buffer.alloc(32, 7));

  it('round-trips, and refuses another owner or a tampered ciphertext', () => {
    const stored = cipher.encrypt(Buffer.from('secret'), 'user-1');
    expect(cipher.decrypt(stored, 'user-1').toString()).toBe('secret');
    expect(() => cipher.decrypt(stored, 'user-2')).toThrow();
    const parts = stored.split('.');
    expect(() => cipher.decrypt([...parts.slice(0, 3), Buffer.from('other!').toString('base64url')].join('.'), 'user-1')).toThrow();
  });

  it('needs a configured key in production and persists a generated one in development', () => {
    expect(() => loadMfaKey({ configured: undefined, production: true, devKeyFile: undefined })).toThrow(/MFA_ENCRYPTION_KEY/);
    const dir = mkdtempSync(join(tmpdir(), 'mfa-key-'));
    const first = loadMfaKey({ configured: undefined, production: false, devKeyFile: join(dir, 'signing.json') });
    expect(first).toHaveLength(32);
    expect(readFileSync(join(dir, 'identity-mfa-key'), 'utf8')).toBe(first.toString('base64'));
    expect(loadMfaKey({ configured: undefined, production: false, devKeyFile: join(dir, 'signing.json') })).toEqual(first);
  });
});
