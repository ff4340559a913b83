import { buildGuardedSubgraphSchema, loadTypeDefs, type SubgraphModule } from '@flowgraph/shared';
import { createContext, type Context } from './context.js';
import { seedWorkflows } from './data/seed.js';
import { SpecificationRepository } from './data/specification-repository.js';
import { resolvers } from './resolvers/index.js';
import { permissions } from './resolvers/permissions.js';

export function workflowsSubgraph(): SubgraphModule<Context> {
  return {
    name: 'workflows',
    defaultPort: 4002,
    migrationsFolder: new URL('./data/migrations', import.meta.url).pathname,
    async build(deps) {
      const specifications = new SpecificationRepository(deps.database.db);
      return {
        schema: buildGuardedSubgraphSchema({ typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)), resolvers, permissions }),
        createContext: (auth) => createContext(auth, specifications),
        seedDemoData: () => seedWorkflows(specifications),
      };
    },
  };
}
