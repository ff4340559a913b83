import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { withTenant, type Db } from '@flowgraph/shared';
import { payouts, purchases } from '../data/schema.js';
import type { SaleRecord } from '../mappers.js';

export interface PayoutSummaryRow {
  currency: string;
  grossCents: number;
  platformFeeCents: number;
  netCents: number;
  refundedCents: number;
  sales: number;
}

/** What a creator's tenant sold, and the money per currency. Free acquisitions are not sales. */
export class SalesService {
  constructor(private readonly db: Db) {}

  async sales(creatorTenantId: string, limit: number): Promise<SaleRecord[]> {
    const rows = await withTenant(this.db, creatorTenantId, (tx) =>
      tx
        .select({ purchase: purchases, payoutStatus: payouts.status })
        .from(purchases)
        .leftJoin(payouts, eq(payouts.purchaseId, purchases.id))
        .where(and(eq(purchases.creatorTenantId, creatorTenantId), inArray(purchases.status, ['paid', 'refunded'])))
        .orderBy(desc(purchases.paidAt), desc(purchases.id))
        .limit(limit),
    );
    return rows.map((row) => ({ purchase: row.purchase, payoutStatus: row.payoutStatus ?? null }));
  }

  /** Summed in SQL over integers: no float ever touches the money. */
  async summary(creatorTenantId: string): Promise<PayoutSummaryRow[]> {
    const refunded = sql`${purchases.status} = 'refunded'`;
    const rows = await withTenant(this.db, creatorTenantId, (tx) =>
      tx
      .select({
        currency: purchases.currency,
        grossCents: sql<string>`sum(${purchases.amountCents})`,
        platformFeeCents: sql<string>`coalesce(sum(${purchases.platformCents}) filter (where not (${refunded})), 0)`,
        netCents: sql<string>`coalesce(sum(${purchases.creatorCents}) filter (where not (${refunded})), 0)`,
        refundedCents: sql<string>`coalesce(sum(${purchases.amountCents}) filter (where ${refunded}), 0)`,
        sales: sql<string>`count(*)`,
      })
      .from(purchases)
      .where(and(eq(purchases.creatorTenantId, creatorTenantId), inArray(purchases.status, ['paid', 'refunded'])))
      .groupBy(purchases.currency)
      .orderBy(purchases.currency),
    );
    return rows.map((row) => ({
      currency: row.currency.toUpperCase(),
      grossCents: Number(row.grossCents),
      platformFeeCents: Number(row.platformFeeCents),
      netCents: Number(row.netCents),
      refundedCents: Number(row.refundedCents),
      sales: Number(row.sales),
    }));
  }
}
