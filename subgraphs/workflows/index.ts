import { z } from 'zod';
import { OutboxRelay, buildGuardedSubgraphSchema, loadConfig, loadTypeDefs, type Env, type SubgraphModule } from '@flowgraph/shared';
import { createContext, type Context, type WorkflowsServices } from './context.js';
import { CaseEventFeed } from './data/case-event-feed.js';
import { caseEventNumbering, sequencedForPublishing } from './data/case-event-sequencer.js';
import { CaseService } from './data/case-service.js';
import { outbox } from './data/schema.js';
import { seedWorkflows } from './data/seed.js';
import { SpecificationCatalog } from './data/specification-import.js';
import { consumeGeneratedWorkflowImports } from './data/generated-workflow-imports.js';
import { SpecificationRepository } from './data/specification-repository.js';
import { TimerSweeper } from './data/timer-sweeper.js';
import { resolvers } from './resolvers/index.js';
import { permissions } from './resolvers/permissions.js';
import { SUBSCRIPTION_BUFFER_LIMIT } from './resolvers/subscription-stream.js';

export const workflowsEnvShape = {
  /** Events one subscription may have waiting unread before it ends with SLOW_CONSUMER; the same name and meaning as the gateway's own bound. */
  SUBSCRIPTION_MAX_PENDING_EVENTS: z.coerce.number().int().min(1).max(1_000_000).default(SUBSCRIPTION_BUFFER_LIMIT),
};

export type WorkflowsOptions = z.infer<z.ZodObject<typeof workflowsEnvShape>>;

export const workflowsOptionsFromEnv = (env: Env = process.env): WorkflowsOptions => loadConfig('workflows', workflowsEnvShape, env);

/** Without options, the defaults: embedders (tests, `npm start`) pass what they mean to change, never the process environment by accident. */
export function workflowsSubgraph(options: WorkflowsOptions = workflowsOptionsFromEnv({})): SubgraphModule<Context> {
  return {
    name: 'workflows',
    defaultPort: 4002,
    migrationsFolder: new URL('./data/migrations', import.meta.url).pathname,
    async build(deps) {
      const db = deps.database.db;
      const specifications = new SpecificationRepository(db);
      // Case events reach Kafka through the outbox: written with the case, given their tenant
      // stream position after commit, then published.
      const relay = new OutboxRelay({ db, outbox, bus: deps.events, logger: deps.logger, prepare: caseEventNumbering(db), ready: sequencedForPublishing });
      relay.start();
      const catalog = new SpecificationCatalog(db, specifications, deps.cache, deps.logger);
      const generatedImports = await consumeGeneratedWorkflowImports(deps.events, catalog, deps.logger);
      const feed = new CaseEventFeed(deps.events, deps.logger);
      await feed.start();
      const services: WorkflowsServices = {
        db,
        specifications,
        catalog,
        cases: new CaseService(db, () => relay.notify()),
        feed,
        subscriptionBufferLimit: options.SUBSCRIPTION_MAX_PENDING_EVENTS,
      };
      const timers = new TimerSweeper({
        db,
        cases: services.cases,
        logger: deps.logger,
        specificationOf: async (row) => {
          const [spec] = await specifications.byIds(row.tenantId, [row.specificationId]);
          const model = spec ? await catalog.model(spec) : undefined;
          if (!spec || !model) throw new Error(`specification ${row.specificationId} of case ${row.id} has no model`);
          return { id: spec.id, model };
        },
      });
      timers.start();
      return {
        schema: buildGuardedSubgraphSchema({ typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)), resolvers, permissions }),
        createContext: (auth) => createContext(auth, services),
        seedDemoData: () => seedWorkflows(specifications),
        close: async () => {
          await timers.stop();
          await relay.stop();
          await feed.stop();
          await generatedImports.close();
        },
      };
    },
  };
}
