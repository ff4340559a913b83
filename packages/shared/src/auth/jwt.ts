import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { unauthenticated } from '../graphql/errors.js';
import { anonymous, isRole, type AuthContext, type Principal } from './context.js';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Key source; a remote JWKS in services, which jose caches and refetches when an unknown `kid` shows up. */
  keys: JWTVerifyGetKey;
  /** Logout and revocation: a token whose `jti` this reports is refused. */
  isDenied?: (jti: string) => Promise<boolean>;
}

export type TokenVerifier = (token: string) => Promise<Principal>;

export function remoteKeys(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
}

/** Verifies an RS256 access token and maps its claims; anything else is UNAUTHENTICATED. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, options.keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['RS256'],
        requiredClaims: ['sub', 'tenant', 'roles', 'jti', 'exp'],
      });
      const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
      if (typeof payload.sub !== 'string' || typeof payload.tenant !== 'string' || typeof payload.jti !== 'string' || roles.length === 0) {
        throw unauthenticated('Access token is missing required claims');
      }
      const client = payload.client === 'api-key' ? 'api-key' : 'user';
      // A revoked API key denylists its own id, and a revoked sign-in (refresh-token reuse, logout) its
      // session id: either ends every token issued under it at once, not only the one presented.
      const sessionId = typeof payload.sid === 'string' ? payload.sid : undefined;
      const revoked = options.isDenied && (await anyDenied(options.isDenied, [payload.jti, client === 'api-key' ? payload.sub : undefined, sessionId]));
      if (revoked) throw unauthenticated('Access token has been revoked');
      const scopes = Array.isArray(payload.scopes) ? payload.scopes.filter((s): s is string => typeof s === 'string') : undefined;
      const clientName = client === 'api-key' && typeof payload.client_name === 'string' ? payload.client_name : undefined;
      return {
        kind: 'user',
        userId: payload.sub,
        tenantId: payload.tenant,
        roles,
        tokenId: payload.jti,
        ...(sessionId ? { sessionId } : {}),
        expiresAt: new Date((payload.exp ?? 0) * 1000),
        client,
        ...(scopes ? { scopes } : {}),
        ...(clientName ? { clientName } : {}),
      };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw unauthenticated('Access token expired');
      if (error instanceof errors.JOSEError) throw unauthenticated('Access token is invalid');
      throw error;
    }
  };
}

async function anyDenied(isDenied: (id: string) => Promise<boolean>, ids: readonly (string | undefined)[]): Promise<boolean> {
  const answers = await Promise.all(ids.filter((id): id is string => id !== undefined).map((id) => isDenied(id)));
  return answers.includes(true);
}

/** Reads `Authorization: Bearer …`; no header means anonymous, a bad one is an error, never a silent downgrade. */
export async function authenticate(authorization: string | undefined, verify: TokenVerifier): Promise<AuthContext> {
  if (!authorization) return anonymous;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match?.[1]) throw unauthenticated('Authorization header must be "Bearer <token>"');
  return verify(match[1]);
}
