import type { AuthContext } from '@flowgraph/shared/auth/context';
import type { Cache } from '@flowgraph/shared/cache/cache';
import type { AdmittedOperation, OperationRequest } from '@flowgraph/shared/http/graphql-http-server';

/**
 * The longest document APQ registers. The token limit does not count comments and whitespace, so
 * without this a client could store up to the body limit (1 MB) per hash for a day in the Redis the
 * logout denylist lives in. A longer one is answered, just not registered (its client sends it again).
 */
export const MAX_APQ_DOCUMENT_CHARS = 64 * 1024;

/** The slice of Apollo's KeyValueCache that automatic persisted queries use. */
export interface PersistedQueryStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean>;
}

/**
 * Automatic persisted queries (APQ) kept in the shared cache (Redis in production), so a query
 * registered through one gateway instance is found by hash at every other. Apollo Server verifies
 * a registered query's sha256 against the hash sent with it; a store that fails counts as a miss
 * (the client then sends the query again), never as an error.
 */
export function persistedQueryStore(cache: Cache, options: { ttlSeconds: number }): PersistedQueryStore {
  const key = (hash: string) => `gateway:apq:${hash}`;
  return {
    get: (hash) => cache.get<string>(key(hash)).catch(() => undefined),
    set: async (hash, query, set) => {
      if (query.length > MAX_APQ_DOCUMENT_CHARS) return;
      await cache.set(key(hash), query, { ttlSeconds: set?.ttl ?? options.ttlSeconds }).catch(() => undefined);
    },
    delete: (hash) =>
      cache
        .delete(key(hash))
        .then(() => true)
        .catch(() => false),
  };
}

/**
 * Who may register documents by hash: signed-in people (first-party clients). An anonymous request
 * that sends a document with its hash is answered as a plain request (its hash dropped, nothing
 * stored); anonymous requests may still use hashes registered by signed-in clients.
 */
export function anonymousApqRegistration(auth: AuthContext, request: OperationRequest): AdmittedOperation | undefined {
  if (auth.kind !== 'anonymous' || request.query === undefined || request.extensions?.persistedQuery === undefined) return undefined;
  return { query: request.query };
}
