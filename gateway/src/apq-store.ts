import type { Cache } from '@flowgraph/shared/cache/cache';

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
    set: (hash, query, set) => cache.set(key(hash), query, { ttlSeconds: set?.ttl ?? options.ttlSeconds }).catch(() => undefined),
    delete: (hash) =>
      cache
        .delete(key(hash))
        .then(() => true)
        .catch(() => false),
  };
}
