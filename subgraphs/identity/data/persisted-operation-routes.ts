import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, type Cache, type Logger, type Principal, type TokenVerifier } from '@flowgraph/shared';
import { readBody } from '@flowgraph/shared/http/request-limits';
import { sha256Hex, UNLISTED_LIMITS } from '../domain/persisted-query-manifest.js';
import { activeListFor } from './persisted-operation-cache.js';
import type { PersistedQueryStore } from './persisted-query-store.js';

export const PERSISTED_OPERATIONS_PATH = '/auth/persisted-operations';
export const UNLISTED_OPERATIONS_PATH = '/auth/persisted-operations/unlisted';

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

interface RouteDeps {
  store: PersistedQueryStore;
  cache: Cache;
  verify: TokenVerifier;
  logger: Logger;
  now: () => Date;
}

/**
 * The gateway asks with the token an API key was exchanged for: the answer is scoped by the token
 * itself (its tenant and client), so the gateway needs no credential of its own and can read no
 * other tenant's list. Anything but a bound API key's valid token gets 401/403.
 */
async function boundClient(req: IncomingMessage, verify: TokenVerifier): Promise<(Principal & { clientName: string }) | 401 | 403> {
  const header = req.headers.authorization;
  try {
    const auth = await authenticate(header, verify);
    if (auth.kind !== 'user') return 401;
    if (auth.client !== 'api-key' || !auth.clientName) return 403;
    return { ...auth, clientName: auth.clientName };
  } catch {
    return 401;
  }
}

/** GET: the caller's client's policy and active list (from the cache, else Postgres). */
export function persistedOperationsRoute(deps: RouteDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const client = await boundClient(req, deps.verify);
    if (typeof client === 'number') return reply(res, client, { error: client === 401 ? 'invalid_token' : 'not_a_bound_api_key' });
    return reply(res, 200, await activeListFor(deps.cache, deps.store, client.tenantId, client.clientName));
  };
}

/** POST {hash, operationName?, body}: an operation the client ran under `log` that its list lacks. */
export function unlistedOperationsRoute(deps: RouteDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return reply(res, 405, { error: 'method_not_allowed' });
    const client = await boundClient(req, deps.verify);
    if (typeof client === 'number') return reply(res, client, { error: client === 401 ? 'invalid_token' : 'not_a_bound_api_key' });
    let report: { hash?: unknown; operationName?: unknown; body?: unknown };
    try {
      report = JSON.parse(await readBody(req, UNLISTED_LIMITS.bodyChars * 4 + 1_024)) as typeof report;
    } catch {
      return reply(res, 400, { error: 'invalid_report' });
    }
    const { hash, operationName, body } = report;
    if (typeof hash !== 'string' || typeof body !== 'string' || sha256Hex(body) !== hash) return reply(res, 400, { error: 'invalid_report' });
    // Recorded only for a client under `log`: nothing else may fill an admin's list of unlisted operations.
    const list = await activeListFor(deps.cache, deps.store, client.tenantId, client.clientName);
    if (list.policy !== 'log') return reply(res, 409, { error: 'client_not_logging' });
    await deps.store.recordUnlisted(client.tenantId, client.clientName, { hash, operationName: typeof operationName === 'string' ? operationName.slice(0, 200) : undefined, body }, deps.now());
    return reply(res, 202, { recorded: true });
  };
}
