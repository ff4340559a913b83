import { randomUUID } from 'node:crypto';
import type { Cache } from '@flowgraph/shared';
import {
  PERSISTED_OPERATIONS_EPOCH_KEY,
  PERSISTED_OPERATIONS_TTL_SECONDS,
  persistedOperationsKey,
  type ClientOperationList,
} from '@flowgraph/shared/persisted-operations';
import type { PersistedQueryStore } from './persisted-query-store.js';

/**
 * Puts a client's active list in the shared cache (Redis), where every gateway reads it, and moves
 * the epoch every gateway polls, so each drops what it holds and reads the new list within one poll.
 * Postgres stays the record: a list missing from the cache is loaded from it again (see the route).
 */
export async function publishActiveList(cache: Cache, store: PersistedQueryStore, tenantId: string, clientName: string): Promise<ClientOperationList> {
  const list = await store.activeList(tenantId, clientName);
  await cache.set(persistedOperationsKey(tenantId, clientName), list, { ttlSeconds: PERSISTED_OPERATIONS_TTL_SECONDS });
  await cache.set(PERSISTED_OPERATIONS_EPOCH_KEY, randomUUID());
  return list;
}

/** The active list from the cache, else from Postgres (then cached). */
export async function activeListFor(cache: Cache, store: PersistedQueryStore, tenantId: string, clientName: string): Promise<ClientOperationList> {
  const cached = await cache.get<ClientOperationList>(persistedOperationsKey(tenantId, clientName)).catch(() => undefined);
  if (cached) return cached;
  const list = await store.activeList(tenantId, clientName);
  await cache.set(persistedOperationsKey(tenantId, clientName), list, { ttlSeconds: PERSISTED_OPERATIONS_TTL_SECONDS }).catch(() => undefined);
  return list;
}
