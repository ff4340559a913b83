import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant, withTenantLookup, type Database } from '@flowgraph/shared';
import { analyticsSubgraph } from '../../subgraphs/analytics/index.js';
import { specificationMetrics } from '../../subgraphs/analytics/data/schema.js';
import { aiSubgraph } from '../../subgraphs/ai/index.js';
import { tenants, users } from '../../subgraphs/identity/data/schema.js';
import { identitySubgraph } from '../../subgraphs/identity/index.js';
import { workflowGenerations } from '../../subgraphs/ai/data/schema.js';
import { marketplaceSubgraph } from '../../subgraphs/marketplace/index.js';
import { templates } from '../../subgraphs/marketplace/data/schema.js';
import { databaseImplementations, type DisposableDatabase } from '../support/databases.js';

const [tenantA, tenantB, tenantC] = [randomUUID(), randomUUID(), randomUUID()];
const templateDoc = (visibility: 'public' | 'private') => ({
  name: `${visibility} template`,
  description: '',
  category: 'Ops',
  tags: [],
  priceCents: 0,
  currency: 'eur',
  visibility,
  creatorId: randomUUID(),
  specificationId: null,
});

/** Queries below deliberately have no tenant filter: the policies alone must keep tenants apart. */
describe.each(databaseImplementations)('row-level security on every tenant-owned table: %s', (_name, open) => {
  let scratch: DisposableDatabase;
  let db: Database['db'];
  beforeAll(async () => {
    scratch = await open();
    db = scratch.database.db;
    for (const module of [identitySubgraph({ JWT_ISSUER: 't', JWT_AUDIENCE: 't', JWT_DEV_KEY_FILE: '' }), marketplaceSubgraph(), analyticsSubgraph(), aiSubgraph()]) await scratch.database.migrate(module.name, module.migrationsFolder);
  });
  afterAll(() => scratch.dispose());

  it('marketplace: a tenant sees its own templates and public ones, never another tenant’s private ones', async () => {
    await db.insert(templates).values([
      { id: randomUUID(), tenantId: tenantA, document: templateDoc('private') },
      { id: randomUUID(), tenantId: tenantB, document: templateDoc('public') },
    ]);
    const visible = (tenant: string) => withTenant(db, tenant, (tx) => tx.select({ tenantId: templates.tenantId }).from(templates));
    expect(await visible(tenantC)).toEqual([{ tenantId: tenantB }]);
    expect((await visible(tenantA)).map((r) => r.tenantId).sort()).toEqual([tenantA, tenantB].sort());
  });

  it('analytics: metrics of one tenant are invisible to another', async () => {
    await db.insert(specificationMetrics).values({ tenantId: tenantA, specificationId: randomUUID(), casesStarted: 3 });
    expect(await withTenant(db, tenantB, (tx) => tx.select().from(specificationMetrics))).toEqual([]);
    expect(await withTenant(db, tenantA, (tx) => tx.select().from(specificationMetrics))).toHaveLength(1);
  });

  it('a lookup sent with BEGIN is scoped too: it finds its own tenant’s row only, even without a tenant filter', async () => {
    const id = randomUUID();
    await db.insert(specificationMetrics).values({ tenantId: tenantA, specificationId: id, casesStarted: 5 });
    const lookup = { table: specificationMetrics, where: { specification_id: id } };
    const seen = (tenant: string) => withTenantLookup(db, tenant, lookup, async (_tx, rows) => rows);
    expect(await seen(tenantB)).toEqual([]);
    expect(await seen(tenantA)).toEqual([expect.objectContaining({ tenant_id: tenantA, specification_id: id, cases_started: 5 })]);
    await expect(withTenantLookup(db, tenantA, { table: specificationMetrics, where: { specification_id: "x' or '1'='1" } }, async () => 0)).rejects.toThrow(/not a uuid/);
  });

  it('a tenant scope nested in another stays inside the outer transaction, which stays scoped after it', async () => {
    const [mine, theirs] = [randomUUID(), randomUUID()];
    await db.insert(specificationMetrics).values([
      { tenantId: tenantA, specificationId: mine, casesStarted: 1 },
      { tenantId: tenantB, specificationId: theirs, casesStarted: 1 },
    ]);
    const visible = await withTenant(db, tenantA, async (tx) => {
      const inner = await withTenant(tx, tenantA, (nested) => nested.select({ id: specificationMetrics.specificationId }).from(specificationMetrics));
      expect(inner.map((r) => r.id)).toContain(mine);
      // Had the nested call committed the outer transaction, this would run unscoped and see tenant B's row.
      return tx.select({ id: specificationMetrics.specificationId }).from(specificationMetrics);
    });
    expect(visible.map((r) => r.id)).toContain(mine);
    expect(visible.map((r) => r.id)).not.toContain(theirs);
    // A nested failure rolls back to its savepoint; the outer transaction goes on and commits.
    const after = randomUUID();
    await withTenant(db, tenantA, async (tx) => {
      await expect(withTenant(tx, tenantA, () => Promise.reject(new Error('inner failed')))).rejects.toThrow('inner failed');
      await tx.insert(specificationMetrics).values({ tenantId: tenantA, specificationId: after, casesStarted: 2 });
    });
    expect(await withTenant(db, tenantA, (tx) => tx.select().from(specificationMetrics).where(eq(specificationMetrics.specificationId, after)))).toHaveLength(1);
  });

  it('a scope whose lookup fails leaves no connection behind in a transaction', async () => {
    const broken = { table: specificationMetrics, where: { no_such_column: randomUUID() } };
    for (let i = 0; i < 3; i++) await expect(withTenantLookup(db, tenantA, broken, async () => 0)).rejects.toThrow(/no_such_column/);
    // Every pooled connection must still start clean transactions (the pool holds 10).
    const results = await Promise.all(Array.from({ length: 12 }, () => withTenant(db, tenantB, (tx) => tx.select().from(specificationMetrics).where(eq(specificationMetrics.tenantId, tenantA)))));
    expect(results.every((rows) => rows.length === 0)).toBe(true);
  });

  it('ai: generations of one tenant are invisible to another', async () => {
    await db.insert(workflowGenerations).values({ tenantId: tenantA, requestedBy: randomUUID(), intent: 'x', status: 'pending' });
    expect(await withTenant(db, tenantB, (tx) => tx.select().from(workflowGenerations))).toEqual([]);
    expect(await withTenant(db, tenantA, (tx) => tx.select().from(workflowGenerations))).toHaveLength(1);
  });

  it('identity: users and tenants of one tenant are invisible to another', async () => {
    await db.insert(tenants).values([
      { id: tenantA, name: 'A', slug: `a-${tenantA}` },
      { id: tenantB, name: 'B', slug: `b-${tenantB}` },
    ]);
    await db.insert(users).values({ tenantId: tenantA, email: `${tenantA}@example.test`, name: 'A', role: 'admin', passwordHash: 'x' });
    expect(await withTenant(db, tenantB, (tx) => tx.select().from(users))).toEqual([]);
    expect((await withTenant(db, tenantB, (tx) => tx.select({ id: tenants.id }).from(tenants))).map((t) => t.id)).toEqual([tenantB]);
    expect(await withTenant(db, tenantA, (tx) => tx.select().from(users))).toHaveLength(1);
  });
});
