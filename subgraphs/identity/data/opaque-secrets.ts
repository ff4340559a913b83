import { createHash, randomBytes } from 'node:crypto';

/** A 32-byte random token for the client; only its hash is stored. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** sha256, base64url: tokens are high-entropy, so a fast unsalted hash is enough to make the table useless if leaked. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}
