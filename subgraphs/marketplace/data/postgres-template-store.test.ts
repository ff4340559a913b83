import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, demo, openDatabase, type Database } from '@flowgraph/shared';
import { marketplaceSubgraph } from '../index.js';
import { PostgresTemplateStore } from './postgres-template-store.js';
import { templates } from './schema.js';
import { demoTemplates, seedMarketplace } from './seed.js';

const CORRUPT = '00000000-0000-4000-8000-00000000f001';

describe('PostgresTemplateStore', () => {
  let database: Database;
  let store: PostgresTemplateStore;
  beforeAll(async () => {
    database = await openDatabase();
    await database.migrate('marketplace', marketplaceSubgraph().migrationsFolder);
    store = new PostgresTemplateStore(database.db, createLogger('marketplace-test', 'silent'));
    await seedMarketplace(store);
  });
  afterAll(() => database.close());

  it('round-trips a record through its JSONB document', async () => {
    const [record] = await store.byIds(demo.tenant.id, [demo.templates.concert]);
    expect(record).toEqual(demoTemplates.find((t) => t.id === demo.templates.concert));
  });

  it('leaves out a document that does not match the schema instead of failing the read', async () => {
    await database.db.insert(templates).values({ id: CORRUPT, tenantId: demo.tenant.id, document: { name: 'Broken', visibility: 'public' } });
    const page = await store.browse({ viewerTenantId: demo.tenant.id, limit: 10 });
    expect(page.map((t) => t.id)).not.toContain(CORRUPT);
    expect(page).toHaveLength(demoTemplates.length);
    expect(await store.byIds(demo.tenant.id, [CORRUPT])).toEqual([]);
  });

  it('refuses to write an invalid record', async () => {
    const [valid] = demoTemplates;
    await expect(store.insert({ ...valid!, id: '00000000-0000-4000-8000-00000000f002', currency: 'euro' })).rejects.toThrow();
  });

  it('answers ids that are not UUIDs with nothing rather than an error', async () => {
    expect(await store.byIds(demo.tenant.id, ['not-a-uuid', demo.templates.concert])).toHaveLength(1);
  });
});
