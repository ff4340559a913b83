/**
 * The marketplace catalog's read cache under a browse-heavy mix, against the uncached path
 * measured side by side in the same run: every operation of one seeded random sequence runs once
 * through the cache-aside path (Redis in front of the catalog) and once straight against the
 * catalog store, in alternating order, so both see the same machine load.
 *
 *   npx tsx bench/marketplace.ts [--ops 6000] [--warmup 1500] [--templates 400] [--write-share 0.02]
 *
 * Catalog: MongoDB-wire at MONGODB_URL (FerretDB in the test services), else Postgres JSONB on
 * embedded PGlite. Cache: Redis at REDIS_URL, else the in-process cache. The mix: 60% template
 * detail (popular templates read most, Zipf-like), 38% first page of a category listing (8
 * categories, 3 sorts, 5 viewer tenants), the rest edits that invalidate what they change.
 * The first --warmup operations run the same way but are not counted (a cold cache misses on every
 * first read; the figures are for a cache in service). Goal: hit ratio above 85% and cached p95
 * below the uncached p95.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { MemoryCache, RedisCache, createLogger, openDatabase, type Cache } from '@flowgraph/shared';
import { CatalogCache } from '../subgraphs/marketplace/app/catalog-cache.js';
import { MongoTemplateStore } from '../subgraphs/marketplace/data/mongo-template-store.js';
import { PostgresTemplateStore } from '../subgraphs/marketplace/data/postgres-template-store.js';
import type { CatalogQuery, CatalogSort, TemplateStore } from '../subgraphs/marketplace/data/template-store.js';
import { marketplaceSubgraph } from '../subgraphs/marketplace/index.js';
import { percentile } from './lib/stats.js';

const GOAL = { hitRatio: 0.85 };
const out = (line = '') => process.stdout.write(`${line}\n`);
const { values: args } = parseArgs({ options: { ops: { type: 'string', default: '6000' }, warmup: { type: 'string', default: '1500' }, templates: { type: 'string', default: '400' }, 'write-share': { type: 'string', default: '0.02' } } });
const OPS = Number(args.ops);
const WARMUP = Number(args.warmup);
const TEMPLATES = Number(args.templates);
const WRITE_SHARE = Number(args['write-share']);
const CATEGORIES = ['Finance', 'HR', 'Operations', 'Legal', 'Sales', 'IT', 'Events', 'Procurement'];
const SORTS: CatalogSort[] = ['newest', 'downloads', 'price_asc'];
const TENANTS = Array.from({ length: 5 }, () => randomUUID());

/** A small deterministic generator, so both paths and repeated runs see the same sequence. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function openStore(): Promise<{ store: TemplateStore; label: string; close: () => Promise<void> }> {
  const logger = createLogger('bench', 'silent');
  const mongoUrl = process.env.MONGODB_URL?.trim();
  if (mongoUrl) {
    const databaseName = `bench_marketplace_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const store = await MongoTemplateStore.connect(mongoUrl, { logger, databaseName });
    return {
      store,
      label: `MongoDB-wire (${mongoUrl})`,
      close: async () => {
        await store.dropDatabase();
        await store.close();
      },
    };
  }
  const database = await openDatabase();
  await database.migrate('marketplace', marketplaceSubgraph().migrationsFolder);
  return { store: new PostgresTemplateStore(database.db, logger), label: 'Postgres JSONB (embedded PGlite)', close: () => database.close() };
}

type Op = { kind: 'detail'; id: string } | { kind: 'list'; query: CatalogQuery } | { kind: 'write'; id: string; tenantId: string; category: string };

async function main(): Promise<void> {
  const { store, label, close } = await openStore();
  const redisUrl = process.env.REDIS_URL?.trim();
  const cache: Cache = redisUrl ? new RedisCache(redisUrl, `bench-marketplace-${randomUUID().slice(0, 8)}:`) : new MemoryCache();
  const catalogCache = new CatalogCache(cache);
  const rand = random(42);
  const templates: { id: string; tenantId: string; category: string }[] = [];
  for (let i = 0; i < TEMPLATES; i++) {
    const template = { id: randomUUID(), tenantId: TENANTS[i % TENANTS.length]!, category: CATEGORIES[i % CATEGORIES.length]! };
    templates.push(template);
    await store.insert({
      ...template,
      name: `Template ${i}`,
      description: `A workflow template number ${i} for ${template.category}.`,
      tags: [template.category.toLowerCase()],
      priceCents: (i % 5) * 1_000,
      currency: 'EUR',
      visibility: 'public',
      creatorId: randomUUID(),
      specificationId: null,
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    });
  }
  // Zipf-like popularity: the k-th template is read about 1/k as often as the first.
  const weights = templates.map((_, k) => 1 / (k + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const popular = (): string => {
    let r = rand() * total;
    for (let k = 0; k < weights.length; k++) if ((r -= weights[k]!) <= 0) return templates[k]!.id;
    return templates[0]!.id;
  };
  const ops: Op[] = [];
  for (let i = 0; i < WARMUP + OPS; i++) {
    const r = rand();
    if (r < WRITE_SHARE) {
      const t = templates[Math.floor(rand() * templates.length)]!;
      ops.push({ kind: 'write', id: t.id, tenantId: t.tenantId, category: t.category });
    } else if (r < 0.62) ops.push({ kind: 'detail', id: popular() });
    else {
      const category = CATEGORIES[Math.floor(rand() * CATEGORIES.length)]!;
      const sort = SORTS[Math.floor(rand() * SORTS.length)]!;
      ops.push({ kind: 'list', query: { viewerTenantId: TENANTS[Math.floor(rand() * TENANTS.length)]!, filter: { category }, sort, limit: 21 } });
    }
  }

  const cached: number[] = [];
  const uncached: number[] = [];
  const time = async (into: number[], work: () => Promise<unknown>) => {
    const start = performance.now();
    await work();
    into.push(performance.now() - start);
  };
  let writes = 0;
  for (const [i, op] of ops.entries()) {
    if (i === WARMUP) {
      cached.length = 0;
      uncached.length = 0;
      catalogCache.hits = catalogCache.misses = 0;
      writes = 0;
    }
    if (op.kind === 'write') {
      // A description edit, then what it changed is dropped from the cache, as CatalogService.update does.
      await store.update(op.id, op.tenantId, { description: `edited ${i}`, updatedAt: new Date() });
      await catalogCache.invalidate(op.id, [op.category], 'content');
      writes++;
      continue;
    }
    const direct = () => (op.kind === 'detail' ? store.get(op.id) : store.search(op.query));
    const throughCache = () => (op.kind === 'detail' ? catalogCache.detail(op.id, () => store.get(op.id)) : catalogCache.page(op.query, () => store.search(op.query)));
    // Alternate which path goes first, so neither always finds the other's warmed buffers.
    if (i % 2 === 0) {
      await time(cached, throughCache);
      await time(uncached, direct);
    } else {
      await time(uncached, direct);
      await time(cached, throughCache);
    }
  }

  const sortedCached = [...cached].sort((a, b) => a - b);
  const sortedUncached = [...uncached].sort((a, b) => a - b);
  const row = (name: string, sorted: number[]) =>
    `${name.padEnd(24)} ${String(sorted.length).padStart(6)} ${percentile(sorted, 50).toFixed(2).padStart(8)} ${percentile(sorted, 95).toFixed(2).padStart(8)} ${percentile(sorted, 99).toFixed(2).padStart(8)}`;
  out(`catalog: ${label}; cache: ${redisUrl ? `Redis (${redisUrl})` : 'in-process'}; ${TEMPLATES} templates, ${OPS} operations counted (${writes} edits) after ${WARMUP} warm-up operations`);
  out(`${'path'.padEnd(24)} ${'reads'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`);
  out(row('uncached (store)', sortedUncached));
  out(row('cache-aside', sortedCached));
  const hitRatio = catalogCache.hitRatio;
  const p95Ratio = percentile(sortedCached, 95) / percentile(sortedUncached, 95);
  out(`hit ratio ${(hitRatio * 100).toFixed(1)}% (${catalogCache.hits} hits, ${catalogCache.misses} misses); p95 cached ÷ uncached = ${p95Ratio.toFixed(2)}`);
  const met = hitRatio > GOAL.hitRatio && p95Ratio < 1;
  out(met ? 'goal met: hit ratio > 85% and cached p95 below uncached p95' : 'goal NOT met');
  await cache.close();
  await close();
  process.exitCode = met ? 0 : 1;
}

await main();
