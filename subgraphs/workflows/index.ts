import { OutboxRelay, buildGuardedSubgraphSchema, loadTypeDefs, type SubgraphModule } from '@flowgraph/shared';
import { createContext, type Context, type WorkflowsServices } from './context.js';
import { CaseEventFeed } from './data/case-event-feed.js';
import { CaseService } from './data/case-service.js';
import { outbox } from './data/schema.js';
import { seedWorkflows } from './data/seed.js';
import { SpecificationCatalog } from './data/specification-import.js';
import { SpecificationRepository } from './data/specification-repository.js';
import { TimerSweeper } from './data/timer-sweeper.js';
import { resolvers } from './resolvers/index.js';
import { permissions } from './resolvers/permissions.js';

export function workflowsSubgraph(): SubgraphModule<Context> {
  return {
    name: 'workflows',
    defaultPort: 4002,
    migrationsFolder: new URL('./data/migrations', import.meta.url).pathname,
    async build(deps) {
      const db = deps.database.db;
      const specifications = new SpecificationRepository(db);
      // Case events reach Kafka through the outbox: written with the case, published after commit.
      const relay = new OutboxRelay({ db, outbox, bus: deps.events, logger: deps.logger });
      relay.start();
      const catalog = new SpecificationCatalog(db, specifications, deps.cache);
      const feed = new CaseEventFeed(deps.events, deps.logger);
      await feed.start();
      const services: WorkflowsServices = { db, specifications, catalog, cases: new CaseService(db, () => relay.notify()), feed };
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
        },
      };
    },
  };
}
