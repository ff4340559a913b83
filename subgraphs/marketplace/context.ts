import type DataLoader from 'dataloader';
import { byIdLoader, groupedLoader, type AuthContext, type AuthenticatedContext } from '@flowgraph/shared';
import type { CatalogService } from './app/catalog-service.js';
import type { InstallService } from './app/install-service.js';
import type { PayoutAccounts } from './app/payout-accounts.js';
import type { PurchaseService } from './app/purchase-service.js';
import type { ReviewService } from './app/review-service.js';
import type { SalesService } from './app/sales-service.js';
import type { TemplateRecord, TemplateStore } from './data/template-store.js';

export interface MarketplaceServices {
  catalog: CatalogService;
  purchases: PurchaseService;
  installs: InstallService;
  reviews: ReviewService;
  sales: SalesService;
  payoutAccounts: PayoutAccounts;
}

export interface Context extends AuthenticatedContext, MarketplaceServices {
  templates: TemplateStore;
  /** The caller's tenant, or null for anonymous callers (whom shield stops before any read). */
  viewerTenantId: string | null;
  loaders: {
    template: DataLoader<string, TemplateRecord | null>;
    templatesByCreator: DataLoader<string, TemplateRecord[]>;
    templatesBySpecification: DataLoader<string, TemplateRecord[]>;
  };
}

export function createContext(auth: AuthContext, services: MarketplaceServices): Context {
  const viewerTenantId = auth.kind === 'user' ? auth.tenantId : null;
  const templates = services.catalog.store;
  const none = (): Promise<TemplateRecord[]> => Promise.resolve([]);
  return {
    auth,
    ...services,
    templates,
    viewerTenantId,
    loaders: {
      // Every loader asks the store as the viewer, so what they return is already visibility-filtered.
      template: byIdLoader((ids) => (viewerTenantId ? templates.byIds(viewerTenantId, ids) : none())),
      templatesByCreator: groupedLoader(
        (ids) => (viewerTenantId ? templates.byCreators(viewerTenantId, ids) : none()),
        (template) => template.creatorId,
      ),
      templatesBySpecification: groupedLoader(
        (ids) => (viewerTenantId ? templates.bySpecifications(viewerTenantId, ids) : none()),
        // Only templates with a specification are ever returned here; the fallback never matches a key.
        (template) => template.specificationId ?? '',
      ),
    },
  };
}
