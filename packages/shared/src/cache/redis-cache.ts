import { Redis } from 'ioredis';
import type { Cache } from './cache.js';

const GLOB_SPECIAL = /[*?[\]\\]/g;

/**
 * The cache over Redis. Keys are namespaced so several services can share one Redis;
 * a tag is a Redis set of the keys carrying it.
 */
export class RedisCache implements Cache {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly namespace = 'flowgraph:',
  ) {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const raw = await this.redis.get(this.key(key));
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async set<T>(key: string, value: T, options: { ttlSeconds?: number; tags?: readonly string[] } = {}): Promise<void> {
    const full = this.key(key);
    const multi = this.redis.multi();
    if (options.ttlSeconds === undefined) multi.set(full, JSON.stringify(value));
    else multi.set(full, JSON.stringify(value), 'PX', Math.max(1, Math.round(options.ttlSeconds * 1000)));
    for (const tag of options.tags ?? []) multi.sadd(this.tagKey(tag), full);
    await multi.exec();
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.key(key));
  }

  async increment(key: string, ttlSeconds: number): Promise<number> {
    const full = this.key(key);
    // NX: only the first increment of a window sets its expiry.
    const results = await this.redis.multi().incr(full).pexpire(full, Math.max(1, Math.round(ttlSeconds * 1000)), 'NX').exec();
    return Number(results?.[0]?.[1] ?? 0);
  }

  async ttl(key: string): Promise<number | undefined> {
    const ms = await this.redis.pttl(this.key(key));
    if (ms === -2) return undefined;
    if (ms === -1) return -1;
    return Math.ceil(ms / 1000);
  }

  async invalidatePrefix(prefix: string): Promise<number> {
    const pattern = `${this.key(prefix).replace(GLOB_SPECIAL, '\\$&')}*`;
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      const values = keys.filter((k) => !k.startsWith(this.tagKey('')));
      if (values.length) removed += await this.redis.del(...values);
    } while (cursor !== '0');
    return removed;
  }

  async invalidateTag(tag: string): Promise<number> {
    const tagKey = this.tagKey(tag);
    const keys = await this.redis.smembers(tagKey);
    const [deleted] = await this.redis
      .multi()
      .del(...(keys.length ? keys : [tagKey]))
      .del(tagKey)
      .exec()
      .then((results) => (results ?? []).map(([, value]) => Number(value)));
    return keys.length ? (deleted ?? 0) : 0;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }

  private key(key: string): string {
    return `${this.namespace}${key}`;
  }

  private tagKey(tag: string): string {
    return `${this.namespace}__tag:${tag}`;
  }
}
