import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, openDatabase } from '@flowgraph/shared';
import { requireService } from '../../../test/support/services.js';
import { marketplaceSubgraph } from '../index.js';
import { MongoTemplateStore, TEMPLATES_COLLECTION } from './mongo-template-store.js';
import { PostgresTemplateStore } from './postgres-template-store.js';
import { templates } from './schema.js';
import { completeTemplate, type CatalogFilter, type CatalogQuery, type TemplateRecord, type TemplateStore } from './template-store.js';

const logger = createLogger('marketplace-contract', 'silent');

/** A store on a scratch database, plus a back door for writing what the store itself would refuse. */
interface Subject {
  store: TemplateStore;
  /** Writes a public template of `tenantId` whose document lacks most fields, bypassing validation. */
  writeCorrupt(id: string, tenantId: string): Promise<void>;
  dispose(): Promise<void>;
}

// Older than every fixture, so a corrupt row sits at the end of every page and never shortens one.
const CORRUPT_CREATED_AT = new Date('2000-01-01T00:00:00.000Z');

async function postgresSubject(): Promise<Subject> {
  const database = await openDatabase(); // in-memory PGlite, gone when closed
  await database.migrate('marketplace', marketplaceSubgraph().migrationsFolder);
  return {
    store: new PostgresTemplateStore(database.db, logger),
    writeCorrupt: async (id, tenantId) => {
      await database.db.insert(templates).values({ id, tenantId, createdAt: CORRUPT_CREATED_AT, document: { name: 'Broken', visibility: 'public' } });
    },
    dispose: () => database.close(),
  };
}

/** Most of a template's fields are missing: what a hand edit or an old writer might leave behind. */
interface CorruptDocument {
  _id: string;
  tenantId: string;
  name: string;
  visibility: string;
  createdAt: Date;
}

async function mongoSubject(): Promise<Subject> {
  const url = requireService('MONGODB_URL');
  // A database of its own per run, so parallel or aborted runs never see each other's documents.
  const databaseName = `marketplace_contract_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const store = await MongoTemplateStore.connect(url, { logger, databaseName });
  const admin = await MongoClient.connect(url);
  return {
    store,
    writeCorrupt: async (id, tenantId) => {
      await admin.db(databaseName).collection<CorruptDocument>(TEMPLATES_COLLECTION).insertOne({ _id: id, tenantId, name: 'Broken', visibility: 'public', createdAt: CORRUPT_CREATED_AT });
    },
    dispose: async () => {
      await store.close();
      await admin.db(databaseName).dropDatabase();
      await admin.close();
    },
  };
}

const TENANT_A = '00000000-0000-4000-8000-00000000000a';
const TENANT_B = '00000000-0000-4000-8000-00000000000b';
const TENANT_C = '00000000-0000-4000-8000-00000000000c';
const id = (suffix: string): string => `00000000-0000-4000-8000-${suffix.padStart(12, '0')}`;
const [CREATOR_A1, CREATOR_A2, CREATOR_B] = [id('c0a1'), id('c0a2'), id('c0b1')];
const [SPEC_A1, SPEC_A2, SPEC_B] = [id('5a1'), id('5a2'), id('5b1')];

const template = (
  suffix: string,
  tenantId: string,
  visibility: TemplateRecord['visibility'],
  category: string,
  createdAt: string,
  creatorId: string,
  specificationId: string | null,
): TemplateRecord =>
  completeTemplate({
  id: id(suffix),
  tenantId,
  name: `Template ${suffix}`,
  description: `Fixture ${suffix}.`,
  category,
  tags: [category.toLowerCase(), suffix],
  priceCents: 100 * suffix.length,
  currency: 'EUR',
  visibility,
  creatorId,
  specificationId,
  createdAt: new Date(createdAt),
  });

const A1 = template('a1', TENANT_A, 'public', 'Operations', '2026-01-01T00:00:00.000Z', CREATOR_A1, SPEC_A1);
const A2 = template('a2', TENANT_A, 'private', 'Finance', '2026-01-03T00:00:00.000Z', CREATOR_A1, null);
const A3 = template('a3', TENANT_A, 'public', 'Events', '2026-01-02T00:00:00.000Z', CREATOR_A2, SPEC_A2);
// A4 and B3 share a timestamp: the id breaks the tie, whatever order they were written in.
const A4 = template('a4', TENANT_A, 'public', 'Events', '2026-01-06T00:00:00.000Z', CREATOR_A2, SPEC_A2);
const B1 = template('b1', TENANT_B, 'public', 'Operations', '2026-01-04T00:00:00.000Z', CREATOR_B, SPEC_B);
const B2 = template('b2', TENANT_B, 'private', 'Legal', '2026-01-05T00:00:00.000Z', CREATOR_B, SPEC_B);
const B3 = template('b3', TENANT_B, 'public', 'Events', '2026-01-06T00:00:00.000Z', CREATOR_B, null);
const WRITE_ORDER = [B3, A1, B2, A4, A3, B1, A2];

const ids = (records: readonly TemplateRecord[]): string[] => records.map((record) => record.id);
const byId = (records: readonly TemplateRecord[]): TemplateRecord[] => [...records].sort((a, b) => a.id.localeCompare(b.id));

const implementations: [string, () => Promise<Subject>][] = [
  ['postgres-jsonb', postgresSubject],
  ['mongodb', mongoSubject],
];

const newest = (viewerTenantId: string, limit: number, filter: CatalogFilter = {}): CatalogQuery => ({ viewerTenantId, filter, sort: 'newest', limit });

describe.each(implementations)('TemplateStore contract: %s', (_name, create) => {
  let subject: Subject;
  let store: TemplateStore;
  beforeAll(async () => {
    subject = await create();
    store = subject.store;
    for (const record of WRITE_ORDER) await store.insert(record);
  });
  afterAll(() => subject?.dispose());

  it('answers ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('round-trips records field for field, and reads by id what the viewer may see', async () => {
    expect(byId(await store.byIds(TENANT_A, [A2.id, B2.id, B1.id, id('dead')]))).toEqual([A2, B1]);
    expect(byId(await store.byIds(TENANT_B, [A2.id, B2.id, B1.id]))).toEqual([B1, B2]);
    expect(await store.byIds(TENANT_C, [A2.id, B2.id])).toEqual([]);
    expect(await store.byIds(TENANT_A, [])).toEqual([]);
  });

  it('answers ids that are not UUIDs with nothing rather than an error', async () => {
    expect(await store.byIds(TENANT_A, ['not-a-uuid', A1.id])).toEqual([A1]);
    expect(await store.byIds(TENANT_A, ['not-a-uuid'])).toEqual([]);
  });

  it('leaves an existing template untouched when its id is inserted again', async () => {
    await store.insert({ ...A1, name: 'Renamed', visibility: 'private', category: 'Changed', tags: [], createdAt: new Date() });
    expect(await store.byIds(TENANT_B, [A1.id])).toEqual([A1]);
    expect(await store.categories(TENANT_B)).not.toContain('Changed');
  });

  it('browses visible templates newest first, the id breaking ties', async () => {
    expect(ids(await store.search(newest(TENANT_A, 50)))).toEqual(ids([A4, B3, B1, A2, A3, A1]));
    expect(ids(await store.search(newest(TENANT_B, 50)))).toEqual(ids([A4, B3, B2, B1, A3, A1]));
    expect(ids(await store.search(newest(TENANT_C, 50)))).toEqual(ids([A4, B3, B1, A3, A1]));
  });

  it('limits a page and filters it by category', async () => {
    expect(ids(await store.search(newest(TENANT_A, 2)))).toEqual(ids([A4, B3]));
    expect(ids(await store.search(newest(TENANT_A, 50, { category: 'Operations' })))).toEqual(ids([B1, A1]));
    expect(ids(await store.search(newest(TENANT_A, 2, { category: 'Events' })))).toEqual(ids([A4, B3]));
    expect(await store.search(newest(TENANT_A, 50, { category: 'Legal' }))).toEqual([]);
    expect(ids(await store.search(newest(TENANT_B, 50, { category: 'Legal' })))).toEqual(ids([B2]));
  });

  it('lists templates by creator only within the viewer’s own tenant', async () => {
    expect(ids(await store.byCreators(TENANT_A, [CREATOR_A1, CREATOR_B]))).toEqual(ids([A2, A1]));
    expect(ids(await store.byCreators(TENANT_B, [CREATOR_A1, CREATOR_A2, CREATOR_B]))).toEqual(ids([B3, B2, B1]));
    expect(await store.byCreators(TENANT_C, [CREATOR_A1, CREATOR_B])).toEqual([]);
    expect(await store.byCreators(TENANT_A, [])).toEqual([]);
  });

  it('lists templates by specification only within the viewer’s own tenant', async () => {
    expect(ids(await store.bySpecifications(TENANT_A, [SPEC_A2, SPEC_B]))).toEqual(ids([A4, A3]));
    expect(ids(await store.bySpecifications(TENANT_B, [SPEC_B, SPEC_A1]))).toEqual(ids([B2, B1]));
    expect(await store.bySpecifications(TENANT_C, [SPEC_A1])).toEqual([]);
    expect(await store.bySpecifications(TENANT_A, [])).toEqual([]);
  });

  it('lists the distinct categories of the visible templates, sorted', async () => {
    expect(await store.categories(TENANT_A)).toEqual(['Events', 'Finance', 'Operations']);
    expect(await store.categories(TENANT_B)).toEqual(['Events', 'Legal', 'Operations']);
    expect(await store.categories(TENANT_C)).toEqual(['Events', 'Operations']);
  });

  it('stores ids in lower case and finds them in either case', async () => {
    const upper = { ...template('f0c1', TENANT_C, 'private', 'Events', '2026-02-01T00:00:00.000Z', CREATOR_B, null) };
    await store.insert({ ...upper, id: upper.id.toUpperCase(), tenantId: TENANT_C.toUpperCase() });
    expect(await store.byIds(TENANT_C, [upper.id])).toEqual([upper]);
    expect(await store.byIds(TENANT_C.toUpperCase(), [upper.id.toUpperCase()])).toEqual([upper]);
    expect(await store.byIds(TENANT_A, [upper.id])).toEqual([]);
  });

  it('refuses to write an invalid record', async () => {
    await expect(store.insert({ ...A1, id: id('f002'), currency: 'euro' })).rejects.toThrow();
    await expect(store.insert({ ...A1, id: id('f003'), name: '' })).rejects.toThrow();
    expect(await store.byIds(TENANT_A, [id('f002'), id('f003')])).toEqual([]);
  });

  it('leaves out a document that does not match the schema instead of failing the read', async () => {
    const corrupt = id('f001');
    await subject.writeCorrupt(corrupt, TENANT_B);
    expect(ids(await store.search(newest(TENANT_A, 50)))).toEqual(ids([A4, B3, B1, A2, A3, A1]));
    expect(await store.byIds(TENANT_A, [corrupt])).toEqual([]);
    expect(await store.categories(TENANT_A)).toEqual(['Events', 'Finance', 'Operations']);
  });
});

/** Search, sorts, keyset paging and writes, on a catalog of its own so they never disturb the fixtures above. */
describe.each(implementations)('TemplateStore search contract: %s', (_name, create) => {
  let subject: Subject;
  let store: TemplateStore;
  const entry = (suffix: string, fields: Partial<Omit<TemplateRecord, 'createdAt'>> & { createdAt: string }): TemplateRecord =>
    completeTemplate({ ...template(suffix, TENANT_A, 'public', 'Operations', fields.createdAt, CREATOR_A1, null), ...fields, createdAt: new Date(fields.createdAt) });
  const S1 = entry('51', { name: 'Invoice approval', description: 'Approve supplier invoices in two steps.', tags: ['finance', 'approvals'], priceCents: 0, createdAt: '2026-02-01T00:00:00.000Z' });
  const S2 = entry('52', { name: 'Hiring pipeline', description: 'Screen, interview and make an OFFER.', tags: ['hr'], priceCents: 9_999, createdAt: '2026-02-02T00:00:00.000Z' });
  const S3 = entry('53', { name: 'Purchase orders', description: 'Raise and approve purchase orders (100% tracked).', tags: ['finance'], priceCents: 4_900, createdAt: '2026-02-03T00:00:00.000Z', creatorId: CREATOR_A2 });
  const S4 = entry('54', { name: 'Incident response', description: 'Page, triage, fix.', tags: ['ops'], priceCents: 4_900, createdAt: '2026-02-04T00:00:00.000Z', tenantId: TENANT_B, creatorId: CREATOR_B });
  const S5 = entry('55', { name: 'Hidden draft', description: 'Private to tenant B.', tags: ['finance'], priceCents: 100, createdAt: '2026-02-05T00:00:00.000Z', tenantId: TENANT_B, visibility: 'private', creatorId: CREATOR_B });
  const search = (filter: CatalogFilter, sort: CatalogQuery['sort'] = 'newest', viewer = TENANT_C, limit = 50) => store.search({ viewerTenantId: viewer, filter, sort, limit }).then(ids);

  beforeAll(async () => {
    subject = await create();
    store = subject.store;
    for (const record of [S3, S1, S5, S2, S4]) await store.insert(record);
    await store.setStats(S1.id, { downloads: 7, reviewCount: 2, averageRating: 4.5, statsVersion: 3 });
    await store.setStats(S2.id, { downloads: 2, reviewCount: 1, averageRating: 5, statsVersion: 1 });
    await store.setStats(S3.id, { downloads: 7, reviewCount: 1, averageRating: 3, statsVersion: 1 });
  });
  afterAll(() => subject?.dispose());

  it('filters by text (case-insensitive, in name or description, special characters literal), tags, price, free only and creator', async () => {
    expect(await search({ text: 'approve' })).toEqual(ids([S3, S1]));
    expect(await search({ text: 'offer' })).toEqual(ids([S2]));
    expect(await search({ text: '100%' })).toEqual(ids([S3]));
    expect(await search({ text: '.*' })).toEqual([]);
    expect(await search({ tags: ['finance'] })).toEqual(ids([S3, S1]));
    expect(await search({ tags: ['finance', 'approvals'] })).toEqual(ids([S1]));
    expect(await search({ minPriceCents: 1_000, maxPriceCents: 5_000 })).toEqual(ids([S4, S3]));
    expect(await search({ freeOnly: true })).toEqual(ids([S1]));
    expect(await search({ creatorId: CREATOR_A2 })).toEqual(ids([S3]));
    expect(await search({ tags: ['finance'] }, 'newest', TENANT_B)).toEqual(ids([S5, S3, S1]));
  });

  it('sorts by downloads, rating and price, ties by id', async () => {
    expect(await search({}, 'downloads')).toEqual(ids([S1, S3, S2, S4]));
    expect(await search({}, 'rating')).toEqual(ids([S2, S1, S3, S4]));
    expect(await search({}, 'price_asc')).toEqual(ids([S1, S3, S4, S2]));
    expect(await search({}, 'price_desc')).toEqual(ids([S2, S3, S4, S1]));
  });

  it('pages after a position without repeats or gaps, also when a template is inserted between pages', async () => {
    const first = await store.search({ viewerTenantId: TENANT_C, filter: {}, sort: 'price_asc', limit: 2 });
    expect(ids(first)).toEqual(ids([S1, S3]));
    // Inserted meanwhile, sorting before the page's end: it must not push S3 onto the next page again.
    await store.insert(entry('56', { name: 'Late cheap', description: 'x', priceCents: 0, createdAt: '2026-02-06T00:00:00.000Z' }));
    const last = first.at(-1)!;
    const second = await store.search({ viewerTenantId: TENANT_C, filter: {}, sort: 'price_asc', limit: 2, after: { value: last.priceCents, id: last.id } });
    expect(ids(second)).toEqual(ids([S4, S2]));
    const byDate = await store.search({ viewerTenantId: TENANT_C, filter: {}, sort: 'newest', limit: 10, after: { value: S3.createdAt.getTime(), id: S3.id } });
    expect(ids(byDate)).toEqual(ids([S2, S1]));
  });

  it('keeps the newer stats when an older copy arrives late', async () => {
    await store.setStats(S1.id, { downloads: 1, reviewCount: 0, averageRating: 0, statsVersion: 2 });
    expect(await store.get(S1.id)).toMatchObject({ downloads: 7, reviewCount: 2, averageRating: 4.5, statsVersion: 3 });
  });

  it('updates only the owner’s template and hides an unpublished one from other tenants but not from its own', async () => {
    expect(await store.update(S4.id, TENANT_A, { name: 'Stolen', updatedAt: new Date() })).toBeNull();
    const updated = await store.update(S4.id, TENANT_B, { name: 'Incident response v2', status: 'unpublished', updatedAt: new Date('2026-03-01T00:00:00.000Z') });
    expect(updated).toMatchObject({ name: 'Incident response v2', status: 'unpublished', priceCents: 4_900, downloads: 0, updatedAt: new Date('2026-03-01T00:00:00.000Z') });
    expect(await search({ text: 'incident' })).toEqual([]);
    expect(await store.byIds(TENANT_C, [S4.id])).toEqual([]);
    expect(await search({ text: 'incident' }, 'newest', TENANT_B)).toEqual(ids([S4]));
    expect((await store.get(S4.id))?.status).toBe('unpublished');
  });
});
