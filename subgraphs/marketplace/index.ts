import { buildGuardedSubgraphSchema, loadTypeDefs, type SubgraphModule } from '@flowgraph/shared';
import { createContext, type Context } from './context.js';
import { PostgresTemplateStore } from './data/postgres-template-store.js';
import { seedMarketplace } from './data/seed.js';
import type { TemplateStore } from './data/template-store.js';
import { resolvers } from './resolvers/index.js';
import { permissions } from './resolvers/permissions.js';

export type { TemplateRecord, TemplateStore } from './data/template-store.js';

export function marketplaceSubgraph(): SubgraphModule<Context> {
  return {
    name: 'marketplace',
    defaultPort: 4003,
    migrationsFolder: new URL('./data/migrations', import.meta.url).pathname,
    async build(deps) {
      // The one place that picks the catalog's store; everything else sees only the port.
      const store: TemplateStore = new PostgresTemplateStore(deps.database.db, deps.logger);
      return {
        schema: buildGuardedSubgraphSchema({ typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)), resolvers, permissions }),
        createContext: (auth) => createContext(auth, store),
        readiness: { templateStore: () => store.ping() },
        seedDemoData: () => seedMarketplace(store),
      };
    },
  };
}
