import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, demo } from '@flowgraph/shared';
import { requireService } from '../../../test/support/services.js';
import { CATALOG_INDEXES, MongoTemplateStore, TEMPLATES_COLLECTION, type TemplateDocument } from './mongo-template-store.js';
import { seedMarketplace } from './seed.js';

/** The catalog's Mongo-only promises: the contract suite (template-store.contract.test.ts) covers the rest. */
describe('MongoTemplateStore on the MONGODB_URL server', () => {
  const databaseName = `marketplace_indexes_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  let store: MongoTemplateStore;
  let admin: MongoClient;
  const collection = () => admin.db(databaseName).collection<TemplateDocument>(TEMPLATES_COLLECTION);

  beforeAll(async () => {
    const url = requireService('MONGODB_URL');
    store = await MongoTemplateStore.connect(url, { logger: createLogger('marketplace-test', 'silent'), databaseName });
    admin = await MongoClient.connect(url);
    await seedMarketplace(store);
  });
  afterAll(async () => {
    await store?.close();
    await admin?.db(databaseName).dropDatabase();
    await admin?.close();
  });

  it('creates the indexes the catalog queries use when it connects', async () => {
    const indexes = await collection().listIndexes().toArray();
    for (const expected of CATALOG_INDEXES) {
      const index = indexes.find((candidate) => candidate.name === expected.name);
      // Entries, not objects: key order is what makes a compound index, and toEqual ignores it.
      expect(Object.entries(index?.key ?? {}), expected.name).toEqual(Object.entries(expected.key));
    }
    expect(CATALOG_INDEXES.map((index) => Object.entries(index.key))).toEqual([
      [['tenantId', 1], ['createdAt', -1]],
      [['visibility', 1], ['category', 1], ['createdAt', -1]],
      [['tenantId', 1], ['creatorId', 1]],
      [['tenantId', 1], ['specificationId', 1]],
      [['visibility', 1], ['status', 1], ['downloads', -1], ['_id', 1]],
      [['visibility', 1], ['status', 1], ['averageRating', -1], ['_id', 1]],
      [['visibility', 1], ['status', 1], ['priceCents', 1], ['_id', 1]],
    ]);
  });

  it('ensures indexes idempotently, as every restart does', async () => {
    const before = await collection().listIndexes().toArray();
    await store.ensureIndexes();
    const restarted = await MongoTemplateStore.connect(requireService('MONGODB_URL'), { logger: createLogger('marketplace-test', 'silent'), databaseName });
    await restarted.close();
    expect(await collection().listIndexes().toArray()).toEqual(before);
  });

  it('stores templates as documents keyed by id, with BSON dates', async () => {
    const document = await collection().findOne({ _id: demo.templates.concert });
    expect(document?.createdAt).toBeInstanceOf(Date);
    expect(document).toMatchObject({ tenantId: demo.tenant.id, category: 'Events', specificationId: demo.specifications.concert });
  });
});
