/**
 * A key/value cache with TTLs and tag-based invalidation.
 * Implemented in process (here) and over Redis, behind the same contract.
 */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  /** `ttlSeconds` bounds how stale a value may become; tags let a group of keys be dropped together. */
  set<T>(key: string, value: T, options?: { ttlSeconds?: number; tags?: readonly string[] }): Promise<void>;
  delete(key: string): Promise<void>;
  /** Atomically adds 1 and returns the new count; the window starts with the first increment and lasts `ttlSeconds`. */
  increment(key: string, ttlSeconds: number): Promise<number>;
  /** Seconds left to live, `-1` when the key never expires, `undefined` when absent. */
  ttl(key: string): Promise<number | undefined>;
  invalidatePrefix(prefix: string): Promise<number>;
  invalidateTag(tag: string): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Cache-aside: return the cached value or load, store and return it. */
export async function cached<T>(
  cache: Cache,
  key: string,
  load: () => Promise<T>,
  options?: { ttlSeconds?: number; tags?: readonly string[] },
): Promise<T> {
  const hit = await cache.get<T>(key);
  if (hit !== undefined) return hit;
  const value = await load();
  if (value !== undefined) await cache.set(key, value, options);
  return value;
}
