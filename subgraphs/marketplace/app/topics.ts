export { INSTALL_REQUESTS_TOPIC, INSTALL_RESULTS_TOPIC, type InstallRequestData, type InstallResultData } from '@flowgraph/shared/events/template-install-events';

/** Marketplace purchase events: marketplace.purchase.completed and marketplace.purchase.refunded, keyed by template id. */
export const PURCHASES_TOPIC = 'marketplace.purchases';

export interface PurchaseEventData {
  purchaseId: string;
  templateId: string;
  buyerTenantId: string;
  creatorTenantId: string;
  amountCents: number;
  currency: string;
  creatorCents: number;
  platformCents: number;
}
