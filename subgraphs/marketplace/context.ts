import type DataLoader from 'dataloader';
import { byIdLoader, groupedLoader, type AuthContext, type AuthenticatedContext } from '@flowgraph/shared';
import type { TemplateRecord, TemplateStore } from './data/template-store.js';

export interface Context extends AuthenticatedContext {
  templates: TemplateStore;
  /** The caller's tenant, or null for anonymous callers (whom shield stops before any read). */
  viewerTenantId: string | null;
  loaders: {
    template: DataLoader<string, TemplateRecord | null>;
    templatesByCreator: DataLoader<string, TemplateRecord[]>;
    templatesBySpecification: DataLoader<string, TemplateRecord[]>;
  };
}

export function createContext(auth: AuthContext, templates: TemplateStore): Context {
  const viewerTenantId = auth.kind === 'user' ? auth.tenantId : null;
  const none = (): Promise<TemplateRecord[]> => Promise.resolve([]);
  return {
    auth,
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
