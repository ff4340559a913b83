import type { PayoutStatus, PurchaseRow } from './data/schema.js';

/** Entities of other subgraphs, known here only by id; their owners resolve the rest. */
export interface UserReference {
  id: string;
}

export interface SpecificationReference {
  id: string;
}

/** A sale as its creator sees it: the purchase and where its payout stands. */
export interface SaleRecord {
  purchase: PurchaseRow;
  payoutStatus: PayoutStatus | null;
}
