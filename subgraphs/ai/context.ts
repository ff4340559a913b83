import type DataLoader from 'dataloader';
import { byIdLoader, groupedLoader, type AuthContext, type AuthenticatedContext } from '@flowgraph/shared';
import type { GenerationFeed } from './app/generation-feed.js';
import type { GenerationService } from './app/generation-service.js';
import type { GenerationRepository } from './data/generation-repository.js';
import type { GenerationRow } from './data/schema.js';

export interface AiServices {
  generations: GenerationRepository;
  service: GenerationService;
  feed: GenerationFeed;
}

export interface Context extends AuthenticatedContext, AiServices {
  loaders: {
    generation: DataLoader<string, GenerationRow | null>;
    generationsByRequester: DataLoader<string, GenerationRow[]>;
  };
}

export function createContext(auth: AuthContext, services: AiServices): Context {
  const tenantId = auth.kind === 'user' ? auth.tenantId : undefined;
  const { generations } = services;
  return {
    auth,
    ...services,
    loaders: {
      generation: byIdLoader((ids) => (tenantId ? generations.byIds(tenantId, ids) : Promise.resolve([]))),
      generationsByRequester: groupedLoader(
        (userIds) => (tenantId ? generations.byRequesters(tenantId, userIds) : Promise.resolve([])),
        (row) => row.requestedBy,
      ),
    },
  };
}
