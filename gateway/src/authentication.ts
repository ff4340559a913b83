import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { anonymous, type AuthContext } from '@flowgraph/shared/auth/context';
import { authenticate, type TokenVerifier } from '@flowgraph/shared/auth/jwt';
import type { Cache } from '@flowgraph/shared/cache/cache';
import { unauthenticated } from '@flowgraph/shared/graphql/errors';

export interface CallerCredentials {
  auth: AuthContext;
  /** What the subgraphs receive: the caller's bearer token, or the one an API key was exchanged for. */
  authorization?: string | undefined;
}

export interface GatewayAuthOptions {
  verify: TokenVerifier;
  cache: Cache;
  /** Identity's exchange endpoint: API key in `x-api-key`, short-lived access token out. */
  apiKeyExchangeUrl: string;
  fetch?: typeof fetch;
}

interface ExchangedToken {
  accessToken: string;
  expiresAt: number;
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Builds the caller's identity once per request, before any planning:
 * - `Authorization: Bearer` is verified against identity's JWKS (cached by jose, refetched
 *   on an unknown `kid`) and the revocation denylist;
 * - `x-api-key` is exchanged at identity for a short-lived token (cached by a hash of the key
 *   until shortly before it expires), which is then verified the same way;
 * - neither is anonymous; anything invalid is UNAUTHENTICATED with HTTP 401.
 */
export type GatewayAuthenticator = (headers: IncomingHttpHeaders, options?: { outliving?: Date }) => Promise<CallerCredentials>;

export function createGatewayAuthenticator(options: GatewayAuthOptions): GatewayAuthenticator {
  const doFetch = options.fetch ?? fetch;

  /** A token for the key; with `outliving`, one that expires after it (a websocket renewing its token needs a later one). */
  async function exchange(apiKey: string, outliving: Date | undefined): Promise<string> {
    const cacheKey = `gateway:api-key:${createHash('sha256').update(apiKey).digest('base64url')}`;
    const cached = await options.cache.get<ExchangedToken>(cacheKey);
    if (cached && cached.expiresAt - Date.now() > 30_000 && cached.expiresAt > (outliving?.getTime() ?? 0)) return cached.accessToken;
    const response = await doFetch(options.apiKeyExchangeUrl, { headers: { 'x-api-key': apiKey } });
    if (response.status === 401 || response.status === 403) throw unauthenticated('API key is invalid or revoked');
    if (!response.ok) throw new Error(`API key exchange failed with HTTP ${response.status}`);
    const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') throw new Error('API key exchange returned an unexpected body');
    const token: ExchangedToken = { accessToken: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
    await options.cache.set(cacheKey, token, { ttlSeconds: Math.max(1, body.expires_in - 30) });
    return token.accessToken;
  }

  return async (headers, { outliving } = {}) => {
    const apiKey = header(headers, 'x-api-key');
    const authorization = header(headers, 'authorization');
    if (apiKey && authorization) throw unauthenticated('Send either Authorization or x-api-key, not both');
    if (apiKey) {
      const bearer = `Bearer ${await exchange(apiKey, outliving)}`;
      return { auth: await authenticate(bearer, options.verify), authorization: bearer };
    }
    if (!authorization) return { auth: anonymous };
    return { auth: await authenticate(authorization, options.verify), authorization };
  };
}
