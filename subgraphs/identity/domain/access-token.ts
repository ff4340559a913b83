import type { Role } from '@flowgraph/shared';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

export interface AccessTokenClaims {
  sub: string;
  tenant: string;
  roles: Role[];
  jti: string;
  /** The sign-in (refresh-token family) the token belongs to; denylisting it ends every access token of that sign-in. */
  sid: string;
  iat: number;
  exp: number;
}

/** The claims of an access token issued at `now`; pure so expiry rules are testable without keys. */
export function accessTokenClaims(user: { id: string; tenantId: string; role: Role }, ids: { jti: string; sid: string }, now: Date): AccessTokenClaims {
  const iat = Math.floor(now.getTime() / 1000);
  return { sub: user.id, tenant: user.tenantId, roles: [user.role], jti: ids.jti, sid: ids.sid, iat, exp: iat + ACCESS_TOKEN_TTL_SECONDS };
}

/**
 * Until when a revoked sign-in must stay denylisted: every access token of it was issued before
 * now, so none outlives one lifetime from now.
 */
export function sessionDenialExpiry(now: Date): Date {
  return new Date(now.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000);
}
