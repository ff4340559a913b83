import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryCache, RedisCache, cached, type Cache } from '@flowgraph/shared';
import { requireService } from '../support/services.js';

const implementations: [string, () => Cache][] = [
  ['memory', () => new MemoryCache()],
  ['redis', () => new RedisCache(requireService('REDIS_URL'), `contract-${randomUUID()}:`)],
];

describe.each(implementations)('Cache contract: %s', (_name, create) => {
  const cache = create();
  afterAll(() => cache.close());

  it('stores, reads and deletes JSON values', async () => {
    await cache.set('a', { n: 1, list: ['x'] });
    expect(await cache.get('a')).toEqual({ n: 1, list: ['x'] });
    await cache.delete('a');
    expect(await cache.get('a')).toBeUndefined();
  });

  it('reports TTLs and expires entries', async () => {
    await cache.set('forever', 1);
    await cache.set('brief', 2, { ttlSeconds: 1 });
    expect(await cache.ttl('forever')).toBe(-1);
    expect(await cache.ttl('brief')).toBe(1);
    expect(await cache.ttl('absent')).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await cache.get('brief')).toBeUndefined();
    expect(await cache.ttl('brief')).toBeUndefined();
    expect(await cache.get('forever')).toBe(1);
  });

  it('counts atomically within a window that starts at the first increment', async () => {
    const counts = await Promise.all(Array.from({ length: 20 }, () => cache.increment('attempts', 1)));
    expect([...counts].sort((a, b) => a - b)).toEqual([...Array(20).keys()].map((i) => i + 1));
    expect(await cache.ttl('attempts')).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await cache.increment('attempts', 1)).toBe(1);
  });

  it('loads once through the cache-aside helper', async () => {
    let loads = 0;
    const load = async () => ({ loaded: ++loads });
    expect(await cached(cache, 'aside', load, { ttlSeconds: 60 })).toEqual({ loaded: 1 });
    expect(await cached(cache, 'aside', load, { ttlSeconds: 60 })).toEqual({ loaded: 1 });
    expect(loads).toBe(1);
  });

  it('invalidates by prefix and by tag', async () => {
    await cache.set('spec:1:v1', 'a', { tags: ['spec:1'] });
    await cache.set('spec:1:v2', 'b', { tags: ['spec:1'] });
    await cache.set('spec:2:v1', 'c', { tags: ['spec:2'] });
    await cache.set('other', 'd');
    expect(await cache.invalidateTag('spec:1')).toBe(2);
    expect(await cache.get('spec:1:v1')).toBeUndefined();
    expect(await cache.get('spec:2:v1')).toBe('c');
    await cache.set('spec:3:v1', 'e');
    expect(await cache.invalidatePrefix('spec:')).toBe(2);
    expect(await cache.get('spec:2:v1')).toBeUndefined();
    expect(await cache.get('other')).toBe('d');
  });
});
