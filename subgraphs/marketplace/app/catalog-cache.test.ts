import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemoryCache } from '@flowgraph/shared';
import { completeTemplate, type CatalogQuery, type TemplateRecord } from '../data/template-store.js';
import { CATALOG_TTL_SECONDS, CatalogCache } from './catalog-cache.js';

const record = (category: string): TemplateRecord =>
  completeTemplate({ id: randomUUID(), tenantId: randomUUID(), name: 'T', description: '', category, tags: [], priceCents: 0, currency: 'EUR', visibility: 'public', creatorId: randomUUID(), specificationId: null, createdAt: new Date('2026-01-01T00:00:00.000Z') });
const query = (category: string, extra: Partial<CatalogQuery['filter']> = {}): CatalogQuery => ({ viewerTenantId: randomUUID(), filter: { category, ...extra }, sort: 'newest', limit: 21 });

describe('CatalogCache', () => {
  it('serves detail and first pages from the cache for an hour, with dates intact', async () => {
    const memory = new MemoryCache();
    const cache = new CatalogCache(memory);
    const a = record('Finance');
    let loads = 0;
    const load = async () => (loads++, a);
    expect(await cache.detail(a.id, load)).toEqual(a);
    expect(await cache.detail(a.id, load)).toEqual(a);
    expect(loads).toBe(1);
    expect(await memory.ttl(`marketplace:template:${a.id}`)).toBe(CATALOG_TTL_SECONDS);
    const q = query('Finance');
    await cache.page(q, async () => [a]);
    expect(await cache.page(q, async () => [])).toEqual([a]);
    expect([cache.hits, cache.misses]).toEqual([2, 2]);
  });

  it('never caches later pages or filtered searches', async () => {
    const cache = new CatalogCache(new MemoryCache());
    let loads = 0;
    const load = async () => (loads++, []);
    for (let i = 0; i < 2; i++) {
      await cache.page({ ...query('Finance', { text: 'invoice' }) }, load);
      await cache.page({ ...query('Finance'), after: { value: 1, id: randomUUID() } }, load);
    }
    expect(loads).toBe(4);
  });

  it('drops only pages showing a template on a content edit, and every page of its category on a ranking change', async () => {
    const cache = new CatalogCache(new MemoryCache());
    const [a, b] = [record('Finance'), record('Finance')];
    const [withA, withB] = [query('Finance'), query('Finance')];
    await cache.page(withA, async () => [a]);
    await cache.page(withB, async () => [b]);
    await cache.invalidate(a.id, ['Finance'], 'content');
    expect(await cache.page(withA, async () => [])).toEqual([]);
    expect(await cache.page(withB, async () => [])).toEqual([b]);
    await cache.invalidate(a.id, ['Finance'], 'ranking');
    expect(await cache.page(withB, async () => [])).toEqual([]);
  });
});
