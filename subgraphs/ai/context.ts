import type DataLoader from 'dataloader';
import { byIdLoader, groupedLoader, type AuthContext, type AuthenticatedContext } from '@flowgraph/shared';
import type { FeedbackService } from './app/feedback-service.js';
import type { GenerationFeed } from './app/generation-feed.js';
import type { GenerationImports } from './app/generation-imports.js';
import type { FeedbackRepository } from './data/feedback-repository.js';
import type { GenerationService } from './app/generation-service.js';
import type { GenerationRepository } from './data/generation-repository.js';
import type { FeedbackRow, GenerationRow } from './data/schema.js';

export interface AiServices {
  generations: GenerationRepository;
  service: GenerationService;
  feed: GenerationFeed;
  imports: GenerationImports;
  feedback: FeedbackService;
  feedbackRepository: FeedbackRepository;
}

export interface Context extends AuthenticatedContext, AiServices {
  loaders: {
    generation: DataLoader<string, GenerationRow | null>;
    generationsByRequester: DataLoader<string, GenerationRow[]>;
    feedbackByGeneration: DataLoader<string, FeedbackRow[]>;
  };
}

export function createContext(auth: AuthContext, services: AiServices): Context {
  const tenantId = auth.kind === 'user' ? auth.tenantId : undefined;
  const { generations, feedbackRepository } = services;
  return {
    auth,
    ...services,
    loaders: {
      generation: byIdLoader((ids) => (tenantId ? generations.byIds(tenantId, ids) : Promise.resolve([]))),
      generationsByRequester: groupedLoader(
        (userIds) => (tenantId ? generations.byRequesters(tenantId, userIds) : Promise.resolve([])),
        (row) => row.requestedBy,
      ),
      feedbackByGeneration: groupedLoader(
        (ids) => (tenantId ? feedbackRepository.byGenerations(tenantId, ids) : Promise.resolve([])),
        (row) => row.generationId,
      ),
    },
  };
}
