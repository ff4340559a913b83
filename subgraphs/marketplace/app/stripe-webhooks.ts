import { and, eq, sql } from 'drizzle-orm';
import { enqueueEvents, type Db, type Logger, type WebhookEvent } from '@flowgraph/shared';
import { outbox, payouts, purchases, templateStats, webhookEvents, type PurchaseRow } from '../data/schema.js';
import { asSettlement } from '../data/settlement-scope.js';
import { purchaseEvent } from './purchase-service.js';
import { PURCHASES_TOPIC } from './topics.js';

type Tx = Db;

export type WebhookOutcome = 'duplicate' | 'paid' | 'refunded' | 'unknown_purchase' | 'mismatch' | 'ignored';

export interface WebhookResult {
  outcome: WebhookOutcome;
  /** The template whose counters changed, for the catalog copy and the cache. */
  templateId?: string | undefined;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

/**
 * Applies verified Stripe events. Each event id is recorded in the same transaction as its effect,
 * so a replay or a concurrent duplicate (blocked on the id's unique key until the first commits)
 * finds it and changes nothing.
 */
export class StripeWebhooks {
  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  async apply(event: WebhookEvent): Promise<WebhookResult> {
    // As the settlement role: a payment concerns the buyer's and the creator's tenants (settlement-scope.ts).
    return asSettlement(this.db, async (tx) => {
      const [claimed] = await tx.insert(webhookEvents).values({ eventId: event.id, type: event.type, outcome: 'processing' }).onConflictDoNothing().returning({ id: webhookEvents.eventId });
      if (!claimed) return { outcome: 'duplicate' as const };
      const result = await this.dispatch(tx, event);
      await tx.update(webhookEvents).set({ outcome: result.outcome }).where(eq(webhookEvents.eventId, event.id));
      if (result.outcome === 'unknown_purchase' || result.outcome === 'mismatch') {
        this.logger.warn({ eventId: event.id, type: event.type, outcome: result.outcome }, 'stripe event acknowledged without effect');
      }
      return result;
    });
  }

  private dispatch(tx: Tx, event: WebhookEvent): Promise<WebhookResult> {
    switch (event.type) {
      case 'checkout.session.completed':
        return this.checkoutCompleted(tx, record(event.object));
      case 'charge.refunded':
        return this.chargeRefunded(tx, record(event.object));
      default:
        return Promise.resolve({ outcome: 'ignored' });
    }
  }

  private async checkoutCompleted(tx: Tx, session: Record<string, unknown>): Promise<WebhookResult> {
    const metadata = record(session.metadata);
    const purchaseId = str(session.client_reference_id) ?? str(metadata.purchaseId);
    const purchase = purchaseId && /^[0-9a-f-]{36}$/i.test(purchaseId) ? await this.lock(tx, eq(purchases.id, purchaseId.toLowerCase())) : undefined;
    if (!purchase) return { outcome: 'unknown_purchase' };
    if (purchase.status !== 'pending') return { outcome: 'ignored', templateId: purchase.templateId };
    // What was charged must be what we asked for, for the purchase we made: metadata and amounts are
    // compared with our own row, never taken from the event.
    const matches =
      num(session.amount_total) === purchase.amountCents &&
      str(session.currency)?.toLowerCase() === purchase.currency &&
      str(session.payment_status) === 'paid' &&
      str(metadata.purchaseId) === purchase.id &&
      str(metadata.templateId) === purchase.templateId &&
      str(metadata.buyerTenantId) === purchase.buyerTenantId;
    if (!matches) return { outcome: 'mismatch', templateId: purchase.templateId };
    const [paid] = await tx
      .update(purchases)
      .set({ status: 'paid', paidAt: new Date(), paymentIntentId: str(session.payment_intent) ?? null })
      .where(eq(purchases.id, purchase.id))
      .returning();
    await this.countDownload(tx, purchase.templateId, 1);
    if (purchase.creatorCents > 0) {
      await tx.insert(payouts).values({ purchaseId: purchase.id, creatorUserId: purchase.creatorUserId, amountCents: purchase.creatorCents, currency: purchase.currency, status: 'pending' });
    }
    await enqueueEvents(tx, outbox, PURCHASES_TOPIC, [purchaseEvent('marketplace.purchase.completed', paid!)]);
    return { outcome: 'paid', templateId: purchase.templateId };
  }

  /** A full refund takes the template back; partial refunds leave access and payout as they are. */
  private async chargeRefunded(tx: Tx, charge: Record<string, unknown>): Promise<WebhookResult> {
    const paymentIntentId = str(charge.payment_intent);
    const purchase = paymentIntentId ? await this.lock(tx, eq(purchases.paymentIntentId, paymentIntentId)) : undefined;
    if (!purchase) return { outcome: 'unknown_purchase' };
    if (purchase.status !== 'paid' || charge.refunded !== true) return { outcome: 'ignored', templateId: purchase.templateId };
    const [refunded] = await tx.update(purchases).set({ status: 'refunded', refundedAt: new Date() }).where(eq(purchases.id, purchase.id)).returning();
    await this.countDownload(tx, purchase.templateId, -1);
    // Not yet transferred: nothing to take back. Transferred: the worker reverses it.
    await tx
      .update(payouts)
      .set({ status: sql`case when ${payouts.status} = 'paid' then 'reversal_pending' else 'cancelled' end`, nextAttemptAt: new Date(), updatedAt: new Date() })
      .where(and(eq(payouts.purchaseId, purchase.id), sql`${payouts.status} in ('pending', 'paid')`));
    await enqueueEvents(tx, outbox, PURCHASES_TOPIC, [purchaseEvent('marketplace.purchase.refunded', refunded!)]);
    return { outcome: 'refunded', templateId: purchase.templateId };
  }

  private async lock(tx: Tx, where: ReturnType<typeof eq>): Promise<PurchaseRow | undefined> {
    const [row] = await tx.select().from(purchases).where(where).limit(1).for('update');
    return row;
  }

  private async countDownload(tx: Tx, templateId: string, delta: 1 | -1): Promise<void> {
    await tx
      .update(templateStats)
      .set({ downloads: sql`greatest(${templateStats.downloads} + ${delta}, 0)`, statsVersion: sql`${templateStats.statsVersion} + 1` })
      .where(eq(templateStats.templateId, templateId));
  }
}
