import type { Cache } from '@flowgraph/shared';
import type { CatalogQuery, TemplateRecord } from '../data/template-store.js';

/** Template detail and first catalog pages live this long at most; every change that shows drops them sooner. */
export const CATALOG_TTL_SECONDS = 3600;

type Cached = Omit<TemplateRecord, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };

const toCached = (record: TemplateRecord): Cached => ({ ...record, createdAt: record.createdAt.toISOString(), updatedAt: record.updatedAt.toISOString() });
const fromCached = (cached: Cached): TemplateRecord => ({ ...cached, createdAt: new Date(cached.createdAt), updatedAt: new Date(cached.updatedAt) });

const detailKey = (id: string) => `marketplace:template:${id}`;
const listTag = (category: string | undefined) => `marketplace:list:${category ?? '*'}`;

/**
 * Cache-aside for what browsing reads most: one template's detail, and the first page of each
 * category listing (per viewer tenant, which sees its own private templates too, and per sort).
 * Other pages and filtered searches go to the store every time. Counts hits and misses, so the
 * bench can report the hit ratio.
 */
export class CatalogCache {
  hits = 0;
  misses = 0;

  constructor(private readonly cache: Cache) {}

  async detail(id: string, load: () => Promise<TemplateRecord | null>): Promise<TemplateRecord | null> {
    const hit = await this.cache.get<Cached | null>(detailKey(id));
    if (hit !== undefined) {
      this.hits++;
      return hit ? fromCached(hit) : null;
    }
    this.misses++;
    const record = await load();
    // A missing template is not cached: an id that will exist a moment later must not read as missing for an hour.
    if (record) await this.cache.set(detailKey(id), toCached(record), { ttlSeconds: CATALOG_TTL_SECONDS, tags: [detailKey(id)] });
    return record;
  }

  /** Only the first page of a category-only listing is cached; anything else loads directly. */
  async page(query: CatalogQuery, load: () => Promise<TemplateRecord[]>): Promise<TemplateRecord[]> {
    const { category, ...others } = query.filter;
    const cacheable = !query.after && Object.values(others).every((value) => value === undefined || value === false || (Array.isArray(value) && value.length === 0));
    if (!cacheable) return load();
    const key = `${listTag(category)}:${query.viewerTenantId}:${query.sort}:${query.limit}`;
    const hit = await this.cache.get<Cached[]>(key);
    if (hit !== undefined) {
      this.hits++;
      return hit.map(fromCached);
    }
    this.misses++;
    const records = await load();
    // Tagged with every template it shows too, so an edit of one drops only the pages it is on.
    await this.cache.set(key, records.map(toCached), { ttlSeconds: CATALOG_TTL_SECONDS, tags: [listTag(category), ...records.map((record) => detailKey(record.id))] });
    return records;
  }

  /**
   * Drops the template's detail and every cached page showing it. A change that can move it into
   * or within a listing (`ranking`: published, price, category, visibility, status, downloads,
   * rating) also drops every first page of its categories, before and after, and the unfiltered
   * ones; an edit of what it shows only (`content`: name, description, tags, a new version) does not.
   */
  async invalidate(id: string, categories: readonly string[], scope: 'content' | 'ranking' = 'ranking'): Promise<void> {
    await this.cache.invalidateTag(detailKey(id));
    if (scope === 'content') return;
    for (const category of new Set(categories)) await this.cache.invalidateTag(listTag(category));
    await this.cache.invalidateTag(listTag(undefined));
  }

  get hitRatio(): number {
    const total = this.hits + this.misses;
    return total === 0 ? 0 : this.hits / total;
  }
}
