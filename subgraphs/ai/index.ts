import { OutboxRelay, buildGuardedSubgraphSchema, loadTypeDefs, type SubgraphModule } from '@flowgraph/shared';
import { GenerationCache } from './app/generation-cache.js';
import { FeedbackService } from './app/feedback-service.js';
import { GenerationFeed } from './app/generation-feed.js';
import { GenerationImports } from './app/generation-imports.js';
import { GenerationService } from './app/generation-service.js';
import { KnowledgeFeed } from './app/knowledge-feed.js';
import { OpenAiProvider } from './app/providers/openai-provider.js';
import { PlannerProvider } from './app/providers/planner-provider.js';
import type { DraftProvider } from './app/providers/provider.js';
import { createContext, type AiServices, type Context } from './context.js';
import { FeedbackRepository } from './data/feedback-repository.js';
import { GenerationRepository, staleAfterMs } from './data/generation-repository.js';
import { KnowledgeRepository } from './data/knowledge-repository.js';
import { outbox } from './data/schema.js';
import { seedAi } from './data/seed.js';
import { aiOptionsFromEnv, type AiOptions } from './options.js';
import { resolvers } from './resolvers/index.js';
import { permissions } from './resolvers/permissions.js';

export { aiOptionsFromEnv, type AiOptions } from './options.js';

export interface AiSubgraphOverrides {
  /** Another drafting provider than the options name (tests: a provider with recorded answers). */
  provider?: DraftProvider;
  /** The clock of generations and the cache's 24 hours. */
  now?: () => Date;
}

function providerFrom(options: AiOptions): DraftProvider {
  if (options.AI_PROVIDER === 'planner') return new PlannerProvider();
  return new OpenAiProvider({
    baseUrl: options.AI_BASE_URL,
    model: options.AI_MODEL,
    ...(options.AI_API_KEY ? { apiKey: options.AI_API_KEY } : {}),
    timeoutMs: options.AI_REQUEST_TIMEOUT_MS,
    retries: options.AI_PROVIDER_RETRIES,
    maxRetryAfterMs: options.AI_MAX_RETRY_AFTER_MS,
  });
}

/** Without options, the defaults (the offline planner): embedders pass what they mean to change, never the process environment by accident. */
export function aiSubgraph(options: AiOptions = aiOptionsFromEnv({}), overrides: AiSubgraphOverrides = {}): SubgraphModule<Context> {
  return {
    name: 'ai',
    defaultPort: 4004,
    migrationsFolder: new URL('./data/migrations', import.meta.url).pathname,
    async build(deps) {
      const db = deps.database.db;
      const generations = new GenerationRepository(db, staleAfterMs(options.AI_GENERATION_TIMEOUT_MS));
      const knowledge = new KnowledgeRepository(db);
      const now = overrides.now ?? (() => new Date());
      const relay = new OutboxRelay({ db, outbox, bus: deps.events, logger: deps.logger });
      relay.start();
      const feed = new GenerationFeed(deps.events, deps.logger);
      await feed.start();
      const service = new GenerationService({
        generations,
        knowledge,
        cache: new GenerationCache(deps.cache, now),
        feed,
        provider: overrides.provider ?? providerFrom(options),
        settings: {
          repairRounds: options.AI_REPAIR_ROUNDS,
          maxActivePerTenant: options.AI_MAX_ACTIVE_GENERATIONS,
          timeoutMs: options.AI_GENERATION_TIMEOUT_MS,
          similarLimit: 3,
        },
        logger: deps.logger,
        now,
        notifyOutbox: () => relay.notify(),
      });
      // Generations an instance left unfinished end as FAILED (INTERRUPTED) rather than stay at work forever.
      const sweep = () => void service.sweepInterrupted().catch((error: unknown) => deps.logger.warn({ err: error }, 'sweeping interrupted generations failed'));
      const sweeper = setInterval(sweep, 60_000);
      sweeper.unref();
      sweep();
      const imports = new GenerationImports(generations, feed, now, () => relay.notify());
      const importAnswers = await imports.watchAnswers(deps.events, deps.logger);
      const feedbackRepository = new FeedbackRepository(db);
      const feedback = new FeedbackService(feedbackRepository, generations, knowledge, now);
      const launches = await feedback.watchLaunches(deps.events, deps.logger);
      // The tenant's specifications and marketplace templates, from what workflows and marketplace announce.
      const knowledgeFeed = await new KnowledgeFeed(knowledge, generations, deps.logger).start(deps.events);
      const services: AiServices = { generations, service, feed, imports, feedback, feedbackRepository };
      return {
        schema: buildGuardedSubgraphSchema({ typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)), resolvers, permissions }),
        createContext: (auth) => createContext(auth, services),
        seedDemoData: () => seedAi(generations),
        close: async () => {
          clearInterval(sweeper);
          await service.idle();
          await importAnswers.close();
          await launches.close();
          await knowledgeFeed.close();
          await feed.stop();
          await relay.stop();
        },
      };
    },
  };
}
