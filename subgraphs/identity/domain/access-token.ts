import type { Role } from '@flowgraph/shared';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

export interface AccessTokenClaims {
  sub: string;
  tenant: string;
  roles: Role[];
  jti: string;
  iat: number;
  exp: number;
}

/** The claims of an access token issued at `now`; pure so expiry rules are testable without keys. */
export function accessTokenClaims(user: { id: string; tenantId: string; role: Role }, jti: string, now: Date): AccessTokenClaims {
  const iat = Math.floor(now.getTime() / 1000);
  return { sub: user.id, tenant: user.tenantId, roles: [user.role], jti, iat, exp: iat + ACCESS_TOKEN_TTL_SECONDS };
}
