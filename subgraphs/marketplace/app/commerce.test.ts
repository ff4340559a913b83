import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StripePayments, openDatabase } from '@flowgraph/shared';
import { scratchPostgres, type DisposableDatabase } from '../../../test/support/databases.js';
import { requireService } from '../../../test/support/services.js';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { payouts, purchases, templateStats, webhookEvents } from '../data/schema.js';
import { marketplaceSubgraph, type BuiltMarketplace } from '../index.js';
import { FlakyTransfers, TEST_WEBHOOK_SECRET, chargeRefundedEvent, checkoutCompletedEvent, deliver, oneTaskSpecificationXml, serveRoute, signStripe } from './test-support.js';
import { STRIPE_WEBHOOK_PATH } from './webhook-route.js';

const tenant = () => randomUUID();
const CREATOR = principal(randomUUID(), tenant(), 'user');
const BUYER = principal(randomUUID(), tenant(), 'user');
const SECOND_BUYER = principal(randomUUID(), tenant(), 'user');
const STRANGER = principal(randomUUID(), tenant(), 'user');

interface PurchaseView {
  id: string;
  status: string;
  amountCents: number;
  currency: string;
  checkoutUrl: string | null;
}

/** Purchase, webhooks, payouts, refunds, gated download and reviews, on real Postgres and stripe-mock. */
describe('marketplace commerce', () => {
  let scratch: DisposableDatabase & { url: string };
  let h: Harness<Context>;
  let built: BuiltMarketplace;
  let webhook: { url: string; close(): Promise<void> };
  const flaky = new FlakyTransfers(new StripePayments({ secretKey: 'sk_test_123', webhookSecret: TEST_WEBHOOK_SECRET, apiBase: requireService('STRIPE_API_BASE') }), 2);
  let templateId: string;

  const ok = async <T>(query: string, variables: Record<string, unknown>, as = CREATOR): Promise<T> => {
    const result = await h.run<T>(query, variables, as);
    expect(result.errors).toBeUndefined();
    return result.data!;
  };
  const code = async (query: string, variables: Record<string, unknown>, as = CREATOR) => (await h.run(query, variables, as)).errors?.[0]?.extensions?.code;
  const purchase = (id: string, as = BUYER) =>
    ok<{ purchaseTemplate: PurchaseView }>(`mutation($id: ID!) { purchaseTemplate(templateId: $id) { id status amountCents currency checkoutUrl } }`, { id }, as).then((d) => d.purchaseTemplate);
  const publish = (price: number, currency = 'EUR', name = 'Invoice approval') =>
    ok<{ publishTemplate: { id: string } }>(
      `mutation($i: PublishTemplateInput!) { publishTemplate(input: $i) { id } }`,
      { i: { specificationId: randomUUID(), specificationXml: oneTaskSpecificationXml(), name, description: 'Approve invoices.', category: 'Finance', tags: ['finance'], priceCents: price, currency } },
    ).then((d) => d.publishTemplate.id);
  const db = () => h.deps.database.db;
  const paidEvent = (p: PurchaseView, as: typeof BUYER, eventId = `evt_${randomUUID()}`, overrides: { amountTotal?: number; metadata?: Record<string, string> } = {}) =>
    checkoutCompletedEvent({
      eventId,
      purchaseId: p.id,
      templateId,
      buyerTenantId: as.tenantId,
      buyerUserId: as.userId,
      amountTotal: overrides.amountTotal ?? p.amountCents,
      currency: p.currency.toLowerCase(),
      paymentIntent: `pi_${p.id.slice(0, 8)}`,
      ...(overrides.metadata ? { metadata: overrides.metadata } : {}),
    });
  const downloads = async (id: string) => (await db().select().from(templateStats).where(eq(templateStats.templateId, id)))[0]?.downloads;

  beforeAll(async () => {
    scratch = await scratchPostgres();
    h = await startHarness(
      marketplaceSubgraph({ payments: flaky.asPayments(), payouts: { baseBackoffMs: 100, pollIntervalMs: 100 } }, (b) => (built = b)),
      // A pool of its own on the scratch database: the harness closes it, the scratch drops the database.
      { database: await openDatabase({ url: scratch.url }), seed: false },
    );
    webhook = await serveRoute(h.built.routes![STRIPE_WEBHOOK_PATH]!);
    templateId = await publish(9_999);
  });
  afterAll(async () => {
    await webhook?.close();
    await h?.close();
    await scratch?.dispose();
  });

  it('connects the creator’s payout account on stripe-mock, once per user', async () => {
    const first = await ok<{ connectPayoutAccount: { accountId: string; onboardingUrl: string } }>(`mutation { connectPayoutAccount { accountId onboardingUrl } }`, {});
    expect(first.connectPayoutAccount.accountId).toMatch(/^acct_/);
    expect(first.connectPayoutAccount.onboardingUrl).toMatch(/^https:\/\//);
    const again = await ok<{ connectPayoutAccount: { accountId: string } }>(`mutation { connectPayoutAccount { accountId } }`, {});
    expect(again.connectPayoutAccount.accountId).toBe(first.connectPayoutAccount.accountId);
  });

  it('starts a Checkout Session at the catalog’s price and reuses a pending attempt', async () => {
    const first = await purchase(templateId);
    expect(first).toMatchObject({ status: 'PENDING', amountCents: 9_999, currency: 'EUR' });
    expect(first.checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    expect((await purchase(templateId)).id).toBe(first.id);
    const [row] = await db().select().from(purchases).where(eq(purchases.id, first.id));
    expect(row).toMatchObject({ creatorCents: 6_999, platformCents: 3_000, currency: 'eur', status: 'pending' });
  });

  it('refuses buying one’s own template and an unpublished one, writing nothing', async () => {
    const before = (await db().select().from(purchases)).length;
    expect(await code(`mutation($id: ID!) { purchaseTemplate(templateId: $id) { id } }`, { id: templateId }, CREATOR)).toBe('FORBIDDEN');
    const withdrawn = await publish(500, 'EUR', 'Withdrawn');
    await ok(`mutation($id: ID!) { unpublishTemplate(id: $id) { status } }`, { id: withdrawn });
    expect(await code(`mutation($id: ID!) { purchaseTemplate(templateId: $id) { id } }`, { id: withdrawn }, BUYER)).toBe('CONFLICT');
    expect((await db().select().from(purchases)).length).toBe(before);
  });

  it('answers 400 and writes nothing for a forged signature, an expired timestamp, a missing header or a body too large', async () => {
    const p = await purchase(templateId);
    const payload = paidEvent(p, BUYER);
    expect((await deliver(webhook.url, payload, signStripe(payload, undefined, 'whsec_forged'))).status).toBe(400);
    expect((await deliver(webhook.url, payload, signStripe(payload, Math.floor(Date.now() / 1000) - 301))).status).toBe(400);
    expect((await deliver(webhook.url, payload.replace('"paid"', '"unpaid"'), signStripe(payload))).status).toBe(400);
    expect((await fetch(webhook.url, { method: 'POST', body: payload })).status).toBe(400);
    const huge = JSON.stringify({ id: 'evt_huge', pad: 'x'.repeat(300 * 1024) });
    expect((await deliver(webhook.url, huge, signStripe(huge))).status).toBe(413);
    expect(await db().select().from(webhookEvents)).toEqual([]);
    expect((await db().select().from(purchases).where(eq(purchases.id, p.id)))[0]?.status).toBe('pending');
  });

  it('acknowledges but ignores an event whose amount or metadata was tampered with', async () => {
    const p = await purchase(templateId);
    const cheap = paidEvent(p, BUYER, `evt_${randomUUID()}`, { amountTotal: 1 });
    expect((await deliver(webhook.url, cheap, signStripe(cheap))).body).toMatchObject({ outcome: 'mismatch' });
    const otherTemplate = paidEvent(p, BUYER, `evt_${randomUUID()}`, { metadata: { purchaseId: p.id, templateId: randomUUID(), buyerTenantId: BUYER.tenantId, buyerUserId: BUYER.userId } });
    expect((await deliver(webhook.url, otherTemplate, signStripe(otherTemplate))).body).toMatchObject({ outcome: 'mismatch' });
    expect((await db().select().from(purchases).where(eq(purchases.id, p.id)))[0]?.status).toBe('pending');
    expect(await downloads(templateId)).toBe(0);
  });

  it('logs and acknowledges an event for an unknown purchase', async () => {
    const unknown = paidEvent({ id: randomUUID(), status: 'PENDING', amountCents: 9_999, currency: 'EUR', checkoutUrl: null }, BUYER);
    const delivered = await deliver(webhook.url, unknown, signStripe(unknown));
    expect(delivered).toMatchObject({ status: 200, body: { outcome: 'unknown_purchase' } });
  });

  it('marks the purchase paid once when one event is delivered twice at the same time, and a replay changes nothing', async () => {
    const p = await purchase(templateId);
    const payload = paidEvent(p, BUYER);
    const [a, b] = await Promise.all([deliver(webhook.url, payload, signStripe(payload)), deliver(webhook.url, payload, signStripe(payload))]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.outcome, b.body.outcome].sort()).toEqual(['duplicate', 'paid']);
    const replay = await deliver(webhook.url, payload, signStripe(payload));
    expect(replay.body.outcome).toBe('duplicate');
    expect(await downloads(templateId)).toBe(1);
    expect(await db().select().from(payouts).where(eq(payouts.purchaseId, p.id))).toHaveLength(1);
    expect(await code(`mutation($id: ID!) { purchaseTemplate(templateId: $id) { id } }`, { id: templateId }, BUYER)).toBe('CONFLICT');
    // Catalog copy of the counter, through the cache the webhook invalidated.
    await expect.poll(async () => (await ok<{ template: { downloads: number } }>(`query($id: ID!) { template(id: $id) { downloads } }`, { id: templateId }, STRANGER)).template.downloads).toBe(1);
  });

  it('retries the transfer through a Stripe outage and makes it once, for 70% of the sale', async () => {
    const [paid] = await db().select().from(purchases).where(eq(purchases.status, 'paid'));
    await expect.poll(async () => (await db().select().from(payouts).where(eq(payouts.purchaseId, paid!.id)))[0]?.status, { timeout: 20_000 }).toBe('paid');
    const [payout] = await db().select().from(payouts).where(eq(payouts.purchaseId, paid!.id));
    expect(payout).toMatchObject({ amountCents: 6_999, currency: 'eur', attempts: 3 });
    expect(payout?.transferId).toMatch(/^tr_/);
    expect(flaky.transferKeys).toEqual([`transfer:${paid!.id}`, `transfer:${paid!.id}`, `transfer:${paid!.id}`]);
    expect(flaky.succeeded).toBe(1);
    expect(built.payouts).toBeDefined();
  });

  it('lets the buyer and the creator download the XML, and nobody else', async () => {
    const query = `query($id: ID!) { template(id: $id) { specificationXml viewerHasAccess } }`;
    expect((await ok<{ template: { specificationXml: string } }>(query, { id: templateId }, BUYER)).template.specificationXml).toContain('<specificationSet');
    expect((await ok<{ template: { specificationXml: string } }>(query, { id: templateId }, CREATOR)).template.specificationXml).toContain('<specificationSet');
    expect(await code(query, { id: templateId }, STRANGER)).toBe('FORBIDDEN');
  });

  it('takes reviews from buyers only, one per tenant, averages kept under concurrent reviews', async () => {
    const review = `mutation($id: ID!, $r: Int!, $c: String) { reviewTemplate(templateId: $id, rating: $r, comment: $c) { rating comment } }`;
    expect(await code(review, { id: templateId, r: 5 }, CREATOR)).toBe('FORBIDDEN');
    expect(await code(review, { id: templateId, r: 5 }, STRANGER)).toBe('FORBIDDEN');
    expect(await code(review, { id: templateId, r: 6 }, BUYER)).toBe('BAD_USER_INPUT');
    // The second buyer pays too, then both review at the same time, the first twice.
    const p2 = await purchase(templateId, SECOND_BUYER);
    const payload = paidEvent(p2, SECOND_BUYER);
    expect((await deliver(webhook.url, payload, signStripe(payload))).body.outcome).toBe('paid');
    await Promise.all([h.run(review, { id: templateId, r: 2 }, BUYER), h.run(review, { id: templateId, r: 5, c: 'Great' }, SECOND_BUYER), h.run(review, { id: templateId, r: 4 }, BUYER)]);
    const detail = await ok<{ template: { reviewCount: number; averageRating: number; downloads: number } }>(
      `query($id: ID!) { template(id: $id) { reviewCount averageRating downloads } }`,
      { id: templateId },
      STRANGER,
    );
    expect(detail.template.reviewCount).toBe(2);
    expect([3.5, 4.5]).toContain(detail.template.averageRating);
    expect(detail.template.downloads).toBe(2);
  });

  it('revokes access on a refund, reverses the transfer, and reports the money per currency', async () => {
    const [paid] = await db().select().from(purchases).where(eq(purchases.buyerTenantId, BUYER.tenantId));
    const refund = chargeRefundedEvent(`evt_${randomUUID()}`, paid!.paymentIntentId!, 9_999);
    expect((await deliver(webhook.url, refund, signStripe(refund))).body.outcome).toBe('refunded');
    expect(await code(`query($id: ID!) { template(id: $id) { specificationXml } }`, { id: templateId }, BUYER)).toBe('FORBIDDEN');
    await expect.poll(async () => (await db().select().from(payouts).where(eq(payouts.purchaseId, paid!.id)))[0]?.status, { timeout: 20_000 }).toBe('reversed');
    const summary = await ok<{ payoutSummary: unknown[] }>(`{ payoutSummary { currency grossCents platformFeeCents netCents refundedCents sales } }`, {});
    expect(summary.payoutSummary).toEqual([{ currency: 'EUR', grossCents: 19_998, platformFeeCents: 3_000, netCents: 6_999, refundedCents: 9_999, sales: 2 }]);
    const sales = await ok<{ mySales: { status: string; creatorAmountCents: number }[] }>(`{ mySales { status creatorAmountCents payoutStatus } }`, {});
    expect(sales.mySales.map((s) => s.status).sort()).toEqual(['PAID', 'REFUNDED']);
  });

  it('acquires a free template at once, and refuses a second acquisition', async () => {
    const free = await publish(0, 'JPY', 'Free onboarding');
    const acquired = await purchase(free, STRANGER);
    expect(acquired).toMatchObject({ status: 'FREE', amountCents: 0, checkoutUrl: null });
    expect(await code(`mutation($id: ID!) { purchaseTemplate(templateId: $id) { id } }`, { id: free }, STRANGER)).toBe('CONFLICT');
    expect(await downloads(free)).toBe(1);
  });
});
