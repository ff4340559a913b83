import { buildGuardedSubgraphSchema, loadTypeDefs, type SubgraphModule } from '@flowgraph/shared';
import { createContext, type Context } from './context.js';
import { MongoTemplateStore } from './data/mongo-template-store.js';
import { PostgresTemplateStore } from './data/postgres-template-store.js';
import { seedMarketplace } from './data/seed.js';
import type { TemplateStore } from './data/template-store.js';
import { resolvers } from './resolvers/index.js';
import { permissions } from './resolvers/permissions.js';

export type { TemplateRecord, TemplateStore } from './data/template-store.js';

export interface MarketplaceOptions {
  /** When set, the catalog lives in this MongoDB (or FerretDB); otherwise in the subgraph's Postgres. */
  mongodbUrl?: string | undefined;
  /** Database for the catalog on that server; defaults to `flowgraph_marketplace`. */
  mongodbDatabase?: string | undefined;
}

export function marketplaceSubgraph(options: MarketplaceOptions = {}): SubgraphModule<Context> {
  return {
    name: 'marketplace',
    defaultPort: 4003,
    // Migrated either way: the Postgres schema is harmless when the catalog lives in Mongo.
    migrationsFolder: new URL('./data/migrations', import.meta.url).pathname,
    async build(deps) {
      // The one place that picks the catalog's store; everything else sees only the port.
      let store: TemplateStore;
      let close: (() => Promise<void>) | undefined;
      if (options.mongodbUrl) {
        const mongo = await MongoTemplateStore.connect(options.mongodbUrl, { logger: deps.logger, databaseName: options.mongodbDatabase });
        store = mongo;
        close = () => mongo.close();
      } else {
        // Its connection belongs to deps.database, which whoever opened it closes.
        store = new PostgresTemplateStore(deps.database.db, deps.logger);
      }
      return {
        schema: buildGuardedSubgraphSchema({ typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)), resolvers, permissions }),
        createContext: (auth) => createContext(auth, store),
        readiness: { templateStore: () => store.ping() },
        seedDemoData: () => seedMarketplace(store),
        ...(close ? { close } : {}),
      };
    },
  };
}
