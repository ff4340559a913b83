/** Refresh tokens live a week; access tokens stay short, so a stolen access token expires quickly. */
export const REFRESH_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;

export interface RefreshTokenState {
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * What presenting a refresh token leads to.
 * - `rotate`: the token is current; exchange it for the next member of its family.
 * - `reuse`: the token was already exchanged, so two parties hold the family; revoke it all.
 * - `invalid`: unknown, expired or revoked; refuse without further effect.
 */
export type RefreshDecision = 'rotate' | 'reuse' | 'invalid';

export function decideRefresh(token: RefreshTokenState | undefined, now: Date): RefreshDecision {
  if (!token) return 'invalid';
  // A revoked family has already been dealt with; replaying it must not raise new alarms.
  if (token.revokedAt) return 'invalid';
  // Checked before expiry: an old rotated token showing up is still evidence of theft.
  if (token.rotatedAt) return 'reuse';
  if (token.expiresAt.getTime() <= now.getTime()) return 'invalid';
  return 'rotate';
}

export function refreshExpiry(now: Date): Date {
  return new Date(now.getTime() + REFRESH_TOKEN_TTL_SECONDS * 1000);
}
