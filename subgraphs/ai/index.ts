import { buildGuardedSubgraphSchema, loadTypeDefs, type SubgraphModule } from '@flowgraph/shared';
import { createContext, type Context } from './context.js';
import { GenerationRepository } from './data/generation-repository.js';
import { seedAi } from './data/seed.js';
import { resolvers } from './resolvers/index.js';
import { permissions } from './resolvers/permissions.js';

export function aiSubgraph(): SubgraphModule<Context> {
  return {
    name: 'ai',
    defaultPort: 4004,
    migrationsFolder: new URL('./data/migrations', import.meta.url).pathname,
    async build(deps) {
      const generations = new GenerationRepository(deps.database.db);
      return {
        schema: buildGuardedSubgraphSchema({ typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)), resolvers, permissions }),
        createContext: (auth) => createContext(auth, generations),
        seedDemoData: () => seedAi(generations),
      };
    },
  };
}
