import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvelope, withTenant, withTenantLookup, type Database } from '@flowgraph/shared';
import { analyticsSubgraph } from '../../subgraphs/analytics/index.js';
import { specificationMetrics } from '../../subgraphs/analytics/data/schema.js';
import { aiSubgraph } from '../../subgraphs/ai/index.js';
import { tenants, users } from '../../subgraphs/identity/data/schema.js';
import { identitySubgraph } from '../../subgraphs/identity/index.js';
import { workflowGenerations } from '../../subgraphs/ai/data/schema.js';
import { marketplaceSubgraph } from '../../subgraphs/marketplace/index.js';
import { installations, outbox, payoutAccounts, payouts, purchases, reviews, templateVersions, templates, webhookEvents } from '../../subgraphs/marketplace/data/schema.js';
import { asSettlement } from '../../subgraphs/marketplace/data/settlement-scope.js';
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

  describe('marketplace commerce (buyer A, creator B, stranger C)', () => {
    const [paidTemplate, freeTemplate, purchaseId] = [randomUUID(), randomUUID(), randomUUID()];
    beforeAll(async () => {
      const sale = { amountCents: 1000, currency: 'eur', creatorCents: 700, platformCents: 300, creatorUserId: randomUUID(), creatorTenantId: tenantB };
      await db.insert(purchases).values({ id: purchaseId, templateId: paidTemplate, buyerTenantId: tenantA, buyerUserId: randomUUID(), status: 'paid', ...sale });
      await db.insert(payouts).values({ purchaseId, creatorUserId: sale.creatorUserId, amountCents: 700, currency: 'eur', status: 'pending' });
      await db.insert(templateVersions).values([
        { templateId: paidTemplate, version: 1, tenantId: tenantB, specificationId: randomUUID(), xml: '<paid/>' },
        { templateId: freeTemplate, version: 1, tenantId: tenantB, specificationId: randomUUID(), xml: '<free/>', free: true },
      ]);
      await db.insert(installations).values({ id: randomUUID(), templateId: paidTemplate, version: 1, tenantId: tenantA, userId: randomUUID(), status: 'pending' });
      await db.insert(payoutAccounts).values({ userId: sale.creatorUserId, tenantId: tenantB, accountId: 'acct_b' });
      await db.insert(reviews).values({ id: randomUUID(), templateId: paidTemplate, tenantId: tenantA, userId: randomUUID(), rating: 5 });
      await db.insert(webhookEvents).values({ eventId: `evt_${purchaseId}`, type: 'checkout.session.completed', outcome: 'paid' });
    });
    const as = <T>(tenant: string, work: (tx: Database['db']) => Promise<T>) => withTenant(db, tenant, work);
    /** What Postgres refused with: drizzle wraps the driver's error ("Failed query: ...") and keeps it as the cause. */
    const refusal = async (work: Promise<unknown>): Promise<string> => {
      const error: unknown = await work.then(
        () => undefined,
        (failed: unknown) => failed,
      );
      expect(error, 'expected the database to refuse').toBeInstanceOf(Error);
      const cause = (error as Error).cause;
      return cause instanceof Error ? cause.message : (error as Error).message;
    };

    it('purchases: the buyer’s and the creator’s tenants see the sale, a stranger does not', async () => {
      const seen = (tenant: string) => as(tenant, (tx) => tx.select({ id: purchases.id }).from(purchases));
      expect(await seen(tenantA)).toEqual([{ id: purchaseId }]);
      expect(await seen(tenantB)).toEqual([{ id: purchaseId }]);
      expect(await seen(tenantC)).toEqual([]);
      // Nor may a tenant buy in another tenant's name.
      expect(await refusal(as(tenantC, (tx) => tx.insert(purchases).values({ id: randomUUID(), templateId: freeTemplate, buyerTenantId: tenantA, buyerUserId: randomUUID(), creatorTenantId: tenantB, creatorUserId: randomUUID(), amountCents: 0, currency: 'eur', creatorCents: 0, platformCents: 0, status: 'free' })),
      )).toMatch(/row-level security/);
    });

    it('payouts, payout accounts, installations: only their own tenant’s rows', async () => {
      expect(await as(tenantB, (tx) => tx.select({ id: payouts.purchaseId }).from(payouts))).toEqual([{ id: purchaseId }]);
      expect(await as(tenantA, (tx) => tx.select().from(payouts))).toEqual([]);
      expect(await as(tenantC, (tx) => tx.select().from(payouts))).toEqual([]);
      expect(await as(tenantA, (tx) => tx.select().from(payoutAccounts))).toEqual([]);
      expect(await as(tenantB, (tx) => tx.select().from(payoutAccounts))).toHaveLength(1);
      expect(await as(tenantB, (tx) => tx.select().from(installations))).toEqual([]);
      expect(await as(tenantA, (tx) => tx.select().from(installations))).toHaveLength(1);
    });

    it('snapshots: the publisher, a tenant whose purchase holds, and everyone for a free template; nobody else', async () => {
      const xmlSeen = (tenant: string) => as(tenant, (tx) => tx.select({ xml: templateVersions.xml }).from(templateVersions).orderBy(templateVersions.xml));
      expect(await xmlSeen(tenantB)).toEqual([{ xml: '<free/>' }, { xml: '<paid/>' }]);
      expect(await xmlSeen(tenantA)).toEqual([{ xml: '<free/>' }, { xml: '<paid/>' }]);
      expect(await xmlSeen(tenantC)).toEqual([{ xml: '<free/>' }]);
    });

    it('reviews are readable by all but written only as oneself; webhook events and the outbox are no tenant’s to read', async () => {
      expect(await as(tenantC, (tx) => tx.select({ rating: reviews.rating }).from(reviews).where(eq(reviews.templateId, paidTemplate)))).toEqual([{ rating: 5 }]);
      expect(await refusal(as(tenantC, (tx) => tx.insert(reviews).values({ id: randomUUID(), templateId: freeTemplate, tenantId: tenantA, userId: randomUUID(), rating: 1 })))).toMatch(/row-level security/);
      expect(await refusal(as(tenantA, (tx) => tx.select().from(webhookEvents)))).toMatch(/permission denied/);
      expect(await refusal(as(tenantA, (tx) => tx.select().from(outbox)))).toMatch(/permission denied/);
      const event = (tenantId: string) => createEnvelope({ type: 'marketplace.test', source: 'marketplace', tenantId, key: tenantId, data: {} });
      expect(await refusal(as(tenantC, (tx) => tx.insert(outbox).values({ id: randomUUID(), topic: 't', key: tenantA, envelope: event(tenantA) })))).toMatch(/row-level security/);
      await as(tenantC, (tx) => tx.insert(outbox).values({ id: randomUUID(), topic: 't', key: tenantC, envelope: event(tenantC) }));
    });

    it('the settlement role (webhooks, payouts) reaches purchases and payouts of every tenant, and no snapshot, review or installation', async () => {
      expect(await asSettlement(db, (tx) => tx.select({ id: purchases.id }).from(purchases).where(eq(purchases.id, purchaseId)))).toEqual([{ id: purchaseId }]);
      expect(await asSettlement(db, (tx) => tx.select({ id: payouts.purchaseId }).from(payouts).where(eq(payouts.purchaseId, purchaseId)))).toEqual([{ id: purchaseId }]);
      expect(await asSettlement(db, (tx) => tx.select({ id: webhookEvents.eventId }).from(webhookEvents).where(eq(webhookEvents.eventId, `evt_${purchaseId}`)))).toHaveLength(1);
      for (const table of [templateVersions, reviews, installations, templates]) expect(await refusal(asSettlement(db, (tx) => tx.select().from(table)))).toMatch(/permission denied/);
      expect(await refusal(asSettlement(db, (tx) => tx.insert(payoutAccounts).values({ userId: randomUUID(), tenantId: tenantC, accountId: 'acct_x' })))).toMatch(/permission denied/);
    });
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
