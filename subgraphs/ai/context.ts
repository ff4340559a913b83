import type DataLoader from 'dataloader';
import { byIdLoader, groupedLoader, type AuthContext, type AuthenticatedContext } from '@flowgraph/shared';
import type { GenerationRepository } from './data/generation-repository.js';
import type { GenerationRow } from './data/schema.js';

export interface Context extends AuthenticatedContext {
  generations: GenerationRepository;
  loaders: {
    generation: DataLoader<string, GenerationRow | null>;
    generationsByRequester: DataLoader<string, GenerationRow[]>;
  };
}

export function createContext(auth: AuthContext, generations: GenerationRepository): Context {
  const tenantId = auth.kind === 'user' ? auth.tenantId : undefined;
  return {
    auth,
    generations,
    loaders: {
      generation: byIdLoader((ids) => (tenantId ? generations.byIds(tenantId, ids) : Promise.resolve([]))),
      generationsByRequester: groupedLoader(
        (userIds) => (tenantId ? generations.byRequesters(tenantId, userIds) : Promise.resolve([])),
        (row) => row.requestedBy,
      ),
    },
  };
}
