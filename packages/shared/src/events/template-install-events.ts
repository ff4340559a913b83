/**
 * The conversation between marketplace and workflows that installs a bought template: the
 * marketplace asks, workflows imports the snapshot into the buyer's tenant and answers. Each
 * subgraph writes only its own tables; this file is the whole contract between them.
 */

/** marketplace.template.install-requested, keyed by the buyer's tenant. */
export const INSTALL_REQUESTS_TOPIC = 'marketplace.install-requests';
/** workflows.template.installed / workflows.template.install-failed, keyed by the buyer's tenant. */
export const INSTALL_RESULTS_TOPIC = 'workflows.template-installs';

export interface InstallRequestData {
  installationId: string;
  templateId: string;
  version: number;
  tenantId: string;
  userId: string;
  /** The template's YAWL specificationSet, as published. */
  xml: string;
}

export interface InstallResultData {
  installationId: string;
  tenantId: string;
  /** The specification now in the tenant (made, or already there with the same identifier and version). */
  specificationId?: string | undefined;
  error?: string | undefined;
}
