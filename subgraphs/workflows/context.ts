import type DataLoader from 'dataloader';
import { byIdLoader, groupedLoader, type AuthContext, type AuthenticatedContext } from '@flowgraph/shared';
import type { SpecificationRow } from './data/schema.js';
import type { SpecificationRepository } from './data/specification-repository.js';

export interface Context extends AuthenticatedContext {
  specifications: SpecificationRepository;
  loaders: {
    specification: DataLoader<string, SpecificationRow | null>;
    specificationsByCreator: DataLoader<string, SpecificationRow[]>;
  };
}

export function createContext(auth: AuthContext, specifications: SpecificationRepository): Context {
  const tenantId = auth.kind === 'user' ? auth.tenantId : undefined;
  return {
    auth,
    specifications,
    loaders: {
      specification: byIdLoader((ids) => (tenantId ? specifications.byIds(tenantId, ids) : Promise.resolve([]))),
      specificationsByCreator: groupedLoader(
        (creatorIds) => (tenantId ? specifications.byCreators(tenantId, creatorIds) : Promise.resolve([])),
        (row) => row.createdBy,
      ),
    },
  };
}
