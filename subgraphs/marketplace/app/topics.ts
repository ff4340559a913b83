/** Marketplace purchase events: marketplace.purchase.completed and marketplace.purchase.refunded, keyed by template id. */
export const PURCHASES_TOPIC = 'marketplace.purchases';
/** Install requests for workflows, keyed by the buyer's tenant: marketplace.template.install-requested. */
export const INSTALL_REQUESTS_TOPIC = 'marketplace.install-requests';
/** Workflows' answers to install requests: workflows.template.installed / workflows.template.install-failed. */
export const INSTALL_RESULTS_TOPIC = 'workflows.template-installs';

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

export interface InstallRequestData {
  installationId: string;
  templateId: string;
  version: number;
  tenantId: string;
  userId: string;
  xml: string;
}

export interface InstallResultData {
  installationId: string;
  tenantId: string;
  specificationId?: string | undefined;
  error?: string | undefined;
}
