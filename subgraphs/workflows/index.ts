import { OutboxRelay, buildGuardedSubgraphSchema, loadTypeDefs, type SubgraphModule } from '@flowgraph/shared';
import { createContext, type Context, type WorkflowsServices } from './context.js';
import { CaseService } from './data/case-service.js';
import { outbox } from './data/schema.js';
import { seedWorkflows } from './data/seed.js';
import { SpecificationCatalog } from './data/specification-import.js';
import { SpecificationRepository } from './data/specification-repository.js';
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
      const services: WorkflowsServices = {
        db,
        specifications,
        catalog: new SpecificationCatalog(db, specifications, deps.cache),
        cases: new CaseService(db, () => relay.notify()),
      };
      return {
        schema: buildGuardedSubgraphSchema({ typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)), resolvers, permissions }),
        createContext: (auth) => createContext(auth, services),
        seedDemoData: () => seedWorkflows(specifications),
        close: () => relay.stop(),
      };
    },
  };
}
