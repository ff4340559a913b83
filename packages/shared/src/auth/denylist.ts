import type { Cache } from '../cache/cache.js';

const key = (jti: string) => `auth:denylist:${jti}`;

/**
 * Revoked access tokens, by `jti`, by session id (`sid`: all tokens of one sign-in) or by API key id, kept only until the token would have expired anyway.
 * Shared through the cache (Redis in production) so every gateway and subgraph sees a logout.
 */
export async function denyToken(cache: Cache, jti: string, expiresAt: Date, now = Date.now()): Promise<void> {
  const ttlSeconds = Math.ceil((expiresAt.getTime() - now) / 1000);
  if (ttlSeconds > 0) await cache.set(key(jti), true, { ttlSeconds });
}

export async function isTokenDenied(cache: Cache, jti: string): Promise<boolean> {
  return (await cache.get<boolean>(key(jti))) === true;
}
