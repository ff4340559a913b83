import { eq } from 'drizzle-orm';
import { PaymentError, withTenant, type Db, type Payments } from '@flowgraph/shared';
import { payoutAccounts } from '../data/schema.js';
import { refuse } from '../domain/errors.js';
import type { Actor } from './catalog-service.js';

export interface OnboardingUrls {
  refreshUrl: string;
  returnUrl: string;
}

/** A creator's Stripe Connect account: made once per user (idempotency key = user id), a fresh onboarding link each time. */
export class PayoutAccounts {
  constructor(
    private readonly db: Db,
    private readonly payments: Payments,
    private readonly urls: OnboardingUrls,
  ) {}

  async connect(actor: Actor): Promise<{ accountId: string; onboardingUrl: string }> {
    try {
      const own = () => withTenant(this.db, actor.tenantId, (tx) => tx.select().from(payoutAccounts).where(eq(payoutAccounts.userId, actor.userId)));
      let [row] = await own();
      if (!row) {
        const account = await this.payments.createConnectedAccount({ metadata: { userId: actor.userId, tenantId: actor.tenantId }, idempotencyKey: `connect:${actor.userId}` });
        // Two requests at once made the same account (same idempotency key): the first insert stands.
        await withTenant(this.db, actor.tenantId, (tx) => tx.insert(payoutAccounts).values({ userId: actor.userId, tenantId: actor.tenantId, accountId: account.id }).onConflictDoNothing());
        [row] = await own();
      }
      const link = await this.payments.createAccountLink({ accountId: row!.accountId, ...this.urls });
      return { accountId: row!.accountId, onboardingUrl: link.url };
    } catch (error) {
      if (error instanceof PaymentError) throw refuse('UNAVAILABLE', 'The payment provider could not set up the payout account; try again');
      throw error;
    }
  }
}
