import { sql } from 'drizzle-orm';
import type { Db } from '@flowgraph/shared';

/**
 * The role the Stripe webhook handler and the payout worker run as, and nothing else. They act for
 * whichever tenants a payment concerns (the buyer's purchase, the creator's payout), so no tenant
 * scope fits them; instead of the owner's blanket bypass they get a role granted only what settling
 * a payment touches: purchases, payouts, payout accounts (read), the counters, processed webhook
 * events and the outbox (insert). Snapshots, reviews and installations are out of its reach
 * (migration 0004).
 */
export const SETTLEMENT_ROLE = 'flowgraph_marketplace_settlement';

/** Runs `work` in a transaction as the settlement role. Nested in another transaction, in a savepoint of it. */
export function asSettlement<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', ${SETTLEMENT_ROLE}, true)`);
    return work(tx);
  });
}
