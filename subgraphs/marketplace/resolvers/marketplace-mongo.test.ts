import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { requireService } from '../../../test/support/services.js';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { TEMPLATES_COLLECTION } from '../data/mongo-template-store.js';
import { templates } from '../data/schema.js';
import { DEMO_PRIVATE_TEMPLATE_ID } from '../data/seed.js';
import { marketplaceSubgraph } from '../index.js';

const member = principal(demo.users.viewer.id, demo.tenant.id, 'viewer');

/** The wiring: given a MongoDB URL the subgraph keeps its catalog there, not in Postgres. */
describe('marketplace subgraph with its catalog on MongoDB', () => {
  const mongodbDatabase = `marketplace_subgraph_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  let h: Harness<Context>;
  let admin: MongoClient;

  beforeAll(async () => {
    const mongodbUrl = requireService('MONGODB_URL');
    h = await startHarness(marketplaceSubgraph({ mongodbUrl, mongodbDatabase }));
    admin = await MongoClient.connect(mongodbUrl);
  });
  afterAll(async () => {
    await h?.close();
    await admin?.db(mongodbDatabase).dropDatabase();
    await admin?.close();
  });

  it('serves templates seeded into and read from Mongo', async () => {
    const result = await h.run<{ templates: { edges: { node: { id: string; visibility: string } }[] }; templateCategories: string[] }>(
      `{ templates { edges { node { id visibility } } } templateCategories }`,
      undefined,
      member,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.templates.edges.map((edge) => edge.node)).toEqual([
      { id: DEMO_PRIVATE_TEMPLATE_ID, visibility: 'PRIVATE' },
      { id: demo.templates.concert, visibility: 'PUBLIC' },
      { id: demo.templates.orderFulfilment, visibility: 'PUBLIC' },
    ]);
    expect(result.data?.templateCategories).toEqual(['Events', 'Finance', 'Operations']);
    expect(await admin.db(mongodbDatabase).collection(TEMPLATES_COLLECTION).countDocuments()).toBe(3);
    // Nothing went to the Postgres table the other store would have used.
    expect(await h.deps.database.db.select().from(templates)).toEqual([]);
  });

  it('reports the Mongo store in its readiness checks', async () => {
    await expect(h.built.readiness?.templateStore?.()).resolves.toBeUndefined();
  });
});
