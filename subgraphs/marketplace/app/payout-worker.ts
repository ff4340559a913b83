import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { PaymentError, type Db, type Logger, type Payments } from '@flowgraph/shared';
import { PolledWorker } from '@flowgraph/shared/workers/polled-worker';
import { payoutAccounts, payouts, type PayoutRow } from '../data/schema.js';
import { asSettlement } from '../data/settlement-scope.js';

export interface PayoutWorkerOptions {
  db: Db;
  payments: Payments;
  logger: Logger;
  /** First retry after this, doubling per attempt up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  pollIntervalMs?: number;
  /** How long a claimed payout is left to its worker before another may take it (a worker that died). */
  leaseMs?: number;
}

const BATCH = 20;

/** The delay before attempt `attempts + 1`: doubling from `base`, capped. */
export function backoffMs(attempts: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.min(attempts, 30));
}

/**
 * Carries out payouts the webhook wrote with the paid purchase: the creator's transfer, and its
 * reversal after a refund. A payout is claimed by pushing its next attempt out by a lease, then
 * sent to Stripe with the purchase id in its idempotency key, so a retry after a timeout or a
 * crash never pays twice; a failure is retried with exponential back-off, never dropped.
 */
export class PayoutWorker {
  private readonly loop: PolledWorker;
  private readonly base: number;
  private readonly max: number;
  private readonly lease: number;

  constructor(private readonly options: PayoutWorkerOptions) {
    this.base = options.baseBackoffMs ?? 5_000;
    this.max = options.maxBackoffMs ?? 3_600_000;
    this.lease = options.leaseMs ?? 60_000;
    this.loop = new PolledWorker({
      pass: () => this.runDue(),
      intervalMs: options.pollIntervalMs ?? 1_000,
      logger: options.logger,
      failureMessage: 'payout run failed; retrying',
    });
  }

  /** Works through every payout due now; resolves to how many were attempted. */
  async runDue(): Promise<number> {
    const claimed = await this.settling((db) =>
      db
      .update(payouts)
      .set({ nextAttemptAt: new Date(Date.now() + this.lease) })
      .where(
        inArray(
          payouts.purchaseId,
          db
            .select({ id: payouts.purchaseId })
            .from(payouts)
            .where(and(inArray(payouts.status, ['pending', 'reversal_pending']), lte(payouts.nextAttemptAt, new Date())))
            .orderBy(payouts.nextAttemptAt)
            .limit(BATCH)
            .for('update', { skipLocked: true }),
        ),
      )
      .returning(),
    );
    for (const payout of claimed) await this.attempt(payout);
    return claimed.length;
  }

  start(): void {
    this.loop.start();
  }

  /** Asks for a run now, e.g. after a webhook wrote a payout. */
  notify(): void {
    this.loop.notify();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async attempt(payout: PayoutRow): Promise<void> {
    const { payments, logger } = this.options;
    try {
      if (payout.status === 'pending') {
        const [account] = await this.settling((db) => db.select().from(payoutAccounts).where(eq(payoutAccounts.userId, payout.creatorUserId)));
        // The sale stands; the money waits until the creator connects an account.
        if (!account) throw new PaymentError('invalid_request', 'the creator has no payout account yet');
        const transfer = await payments.createTransfer({
          amountCents: payout.amountCents,
          currency: payout.currency,
          destination: account.accountId,
          transferGroup: payout.purchaseId,
          metadata: { purchaseId: payout.purchaseId },
          idempotencyKey: `transfer:${payout.purchaseId}`,
        });
        await this.settle(payout, { status: 'paid', transferId: transfer.id });
      } else if (payout.transferId) {
        const reversal = await payments.reverseTransfer({ transferId: payout.transferId, idempotencyKey: `reversal:${payout.purchaseId}` });
        await this.settle(payout, { status: 'reversed', reversalId: reversal.id });
      } else {
        await this.settle(payout, { status: 'cancelled' });
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const delay = backoffMs(payout.attempts, this.base, this.max);
      logger.warn({ purchaseId: payout.purchaseId, attempts: payout.attempts + 1, retryInMs: delay, reason: message }, 'payout failed; will retry');
      await this.settling((db) =>
        db
          .update(payouts)
          .set({ attempts: sql`${payouts.attempts} + 1`, lastError: message.slice(0, 500), nextAttemptAt: new Date(Date.now() + delay), updatedAt: new Date() })
          .where(and(eq(payouts.purchaseId, payout.purchaseId), eq(payouts.status, payout.status))),
      );
    }
  }

  /** Only from the status it was claimed in: a refund that came meanwhile turns a paid transfer into a reversal still. */
  private async settle(payout: PayoutRow, change: Partial<Pick<PayoutRow, 'status' | 'transferId' | 'reversalId'>>): Promise<void> {
    const [updated] = await this.settling((db) =>
      db
        .update(payouts)
        .set({ ...change, attempts: sql`${payouts.attempts} + 1`, lastError: null, updatedAt: new Date() })
        .where(and(eq(payouts.purchaseId, payout.purchaseId), eq(payouts.status, payout.status)))
        .returning({ id: payouts.purchaseId }),
    );
    if (!updated && change.status === 'paid' && change.transferId) {
      // Refunded while the transfer was in flight (the row went pending → cancelled): take it back.
      await this.settling((db) =>
        db
          .update(payouts)
          .set({ status: 'reversal_pending', transferId: change.transferId, nextAttemptAt: new Date(), updatedAt: new Date() })
          .where(and(eq(payouts.purchaseId, payout.purchaseId), eq(payouts.status, 'cancelled'))),
      );
      this.notify();
    }
  }

  /** Every statement of the worker runs as the settlement role (data/settlement-scope.ts), never as the owner. */
  private settling<T>(work: (db: Db) => Promise<T>): Promise<T> {
    return asSettlement(this.options.db, work);
  }
}
