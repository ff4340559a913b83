import type DataLoader from 'dataloader';
import { byIdLoader, groupedLoader, withTenant, type AuthContext, type AuthenticatedContext, type Db } from '@flowgraph/shared';
import type { CaseEventFeed } from './data/case-event-feed.js';
import type { CaseService } from './app/case-service.js';
import { CaseStore } from './data/case-store.js';
import type { CaseRow, SpecificationRow } from './data/schema.js';
import type { SpecificationCatalog } from './app/specification-import.js';
import type { SpecificationRepository } from './data/specification-repository.js';

export interface WorkflowsServices {
  db: Db;
  specifications: SpecificationRepository;
  catalog: SpecificationCatalog;
  cases: CaseService;
  /** Live case events of this instance, for subscriptions. */
  feed: CaseEventFeed;
  /** Events one subscription may have waiting unread before it ends with SLOW_CONSUMER. */
  subscriptionBufferLimit: number;
}

export interface Context extends AuthenticatedContext, WorkflowsServices {
  /** Reads cases, items and history confined to the caller's tenant. */
  readCases<T>(work: (store: CaseStore, tenantId: string) => Promise<T>): Promise<T>;
  loaders: {
    specification: DataLoader<string, SpecificationRow | null>;
    specificationsByCreator: DataLoader<string, SpecificationRow[]>;
    case: DataLoader<string, CaseRow | null>;
  };
}

export function createContext(auth: AuthContext, services: WorkflowsServices): Context {
  const tenantId = auth.kind === 'user' ? auth.tenantId : undefined;
  const readCases = <T>(work: (store: CaseStore, tenantId: string) => Promise<T>): Promise<T> => {
    if (!tenantId) return Promise.reject(new Error('reading cases needs a tenant'));
    return withTenant(services.db, tenantId, (tx) => work(new CaseStore(tx), tenantId));
  };
  return {
    ...services,
    auth,
    readCases,
    loaders: {
      specification: byIdLoader((ids) => (tenantId ? services.specifications.byIds(tenantId, ids) : Promise.resolve([]))),
      specificationsByCreator: groupedLoader(
        (creatorIds) => (tenantId ? services.specifications.byCreators(tenantId, creatorIds) : Promise.resolve([])),
        (row) => row.createdBy,
      ),
      case: byIdLoader((ids) => (tenantId ? readCases((store, tenant) => store.byIds(tenant, ids)) : Promise.resolve([]))),
    },
  };
}
