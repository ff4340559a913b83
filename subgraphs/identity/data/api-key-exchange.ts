import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@flowgraph/shared';
import { isWellFormedApiKey } from '../domain/api-key.js';
import type { ApiKeyStore } from './api-key-store.js';
import { hashSecret } from './opaque-secrets.js';
import type { TokenIssuer } from './token-issuer.js';

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * `/auth/api-key-token`: the gateway trades a partner's `x-api-key` for a short-lived access
 * token, so every subgraph verifies partners exactly like people, with one key set.
 */
export function apiKeyExchangeRoute(deps: { apiKeys: ApiKeyStore; tokens: TokenIssuer; logger: Logger; now: () => Date }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const header = req.headers['x-api-key'];
    const presented = Array.isArray(header) ? header[0] : header;
    if (!presented || !isWellFormedApiKey(presented)) return reply(res, 401, { error: 'invalid_api_key' });
    const key = await deps.apiKeys.activeByHash(hashSecret(presented));
    if (!key) return reply(res, 401, { error: 'invalid_api_key' });
    const { token } = await deps.tokens.issueForApiKey(key);
    const expiresIn = deps.tokens.apiKeyTokenTtlSeconds;
    // Last use is informational; a failed write must not fail the exchange.
    deps.apiKeys.touch(key.tenantId, key.id, deps.now()).catch((error: unknown) => deps.logger.warn({ err: error }, 'could not record API key use'));
    return reply(res, 200, { access_token: token, token_type: 'Bearer', expires_in: expiresIn });
  };
}
