import type { Cache } from './cache.js';

interface Entry {
  value: unknown;
  expiresAt: number | undefined;
  tags: readonly string[];
}

/**
 * The embedded cache: a least-recently-used map bounded by entry count.
 * Values are stored as JSON so callers see the same copy semantics as with Redis.
 */
export class MemoryCache implements Cache {
  private readonly entries = new Map<string, Entry>();
  private readonly tagIndex = new Map<string, Set<string>>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.live(key);
    if (!entry) return undefined;
    // Re-insert to mark as most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return JSON.parse(entry.value as string) as T;
  }

  async set<T>(key: string, value: T, options: { ttlSeconds?: number; tags?: readonly string[] } = {}): Promise<void> {
    this.remove(key);
    const tags = options.tags ?? [];
    const expiresAt = options.ttlSeconds === undefined ? undefined : this.now() + options.ttlSeconds * 1000;
    this.entries.set(key, { value: JSON.stringify(value), expiresAt, tags });
    for (const tag of tags) {
      let keys = this.tagIndex.get(tag);
      if (!keys) this.tagIndex.set(tag, (keys = new Set()));
      keys.add(key);
    }
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
  }

  async delete(key: string): Promise<void> {
    this.remove(key);
  }

  async increment(key: string, ttlSeconds: number): Promise<number> {
    const entry = this.live(key);
    if (!entry) {
      await this.set(key, 1, { ttlSeconds });
      return 1;
    }
    const next = (JSON.parse(entry.value as string) as number) + 1;
    entry.value = JSON.stringify(next);
    return next;
  }

  async ttl(key: string): Promise<number | undefined> {
    const entry = this.live(key);
    if (!entry) return undefined;
    if (entry.expiresAt === undefined) return -1;
    return Math.max(0, Math.ceil((entry.expiresAt - this.now()) / 1000));
  }

  async invalidatePrefix(prefix: string): Promise<number> {
    let removed = 0;
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(prefix)) removed += this.remove(key) ? 1 : 0;
    }
    return removed;
  }

  async invalidateTag(tag: string): Promise<number> {
    let removed = 0;
    for (const key of [...(this.tagIndex.get(tag) ?? [])]) removed += this.remove(key) ? 1 : 0;
    this.tagIndex.delete(tag);
    return removed;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.entries.clear();
    this.tagIndex.clear();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.remove(key);
      return undefined;
    }
    return entry;
  }

  private remove(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    for (const tag of entry.tags) this.tagIndex.get(tag)?.delete(key);
    return true;
  }
}
