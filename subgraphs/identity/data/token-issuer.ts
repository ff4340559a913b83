import { randomUUID } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';
import type { Role } from '@flowgraph/shared';
import { accessTokenClaims } from '../domain/access-token.js';
import { API_KEY_TOKEN_TTL_SECONDS } from '../domain/api-key.js';
import type { SigningKeys } from './signing-keys.js';

export interface TokenIssuer {
  /** An access token of the sign-in `sessionId` (its refresh-token family). */
  issue(user: { id: string; tenantId: string; role: Role }, sessionId: string): Promise<{ token: string; expiresAt: Date }>;
  /** A short-lived token for a partner client, exchanged for its API key. */
  issueForApiKey(key: { id: string; tenantId: string; role: Role; scopes: readonly string[]; clientName?: string | null }): Promise<{ token: string; expiresAt: Date }>;
  jwks(): { keys: JWK[] };
  /** The lifetime of `issueForApiKey`'s tokens: a revoked key's tokens are denied for that long. */
  readonly apiKeyTokenTtlSeconds: number;
}

export function createTokenIssuer(keys: SigningKeys, options: { issuer: string; audience: string; apiKeyTokenTtlSeconds?: number; now?: () => Date }): TokenIssuer {
  const now = options.now ?? (() => new Date());
  const key = keys.current;
  const apiKeyTokenTtlSeconds = options.apiKeyTokenTtlSeconds ?? API_KEY_TOKEN_TTL_SECONDS;
  return {
    apiKeyTokenTtlSeconds,
    async issue(user, sessionId) {
      const claims = accessTokenClaims(user, { jti: randomUUID(), sid: sessionId }, now());
      const token = await new SignJWT({ tenant: claims.tenant, roles: claims.roles, sid: claims.sid })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
        .setSubject(claims.sub)
        .setJti(claims.jti)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt(claims.iat)
        .setExpirationTime(claims.exp)
        .sign(key.privateKey);
      return { token, expiresAt: new Date(claims.exp * 1000) };
    },
    async issueForApiKey(apiKey) {
      const iat = Math.floor(now().getTime() / 1000);
      const exp = iat + apiKeyTokenTtlSeconds;
      const token = await new SignJWT({ tenant: apiKey.tenantId, roles: [apiKey.role], scopes: [...apiKey.scopes], client: 'api-key', ...(apiKey.clientName ? { client_name: apiKey.clientName } : {}) })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
        .setSubject(apiKey.id)
        .setJti(randomUUID())
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key.privateKey);
      return { token, expiresAt: new Date(exp * 1000) };
    },
    jwks: () => ({ keys: [key.publicJwk, ...keys.previous] }),
  };
}
