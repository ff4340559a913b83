import { buildGuardedSubgraphSchema, loadTypeDefs, type SubgraphModule } from '@flowgraph/shared';
import { createContext, type Context } from './context.js';
import { subscribeToCaseEvents } from './data/case-event-consumer.js';
import { MetricsFeed } from './data/metrics-feed.js';
import { MetricsRepository } from './data/metrics-repository.js';
import { seedAnalytics } from './data/seed.js';
import { resolvers } from './resolvers/index.js';
import { permissions } from './resolvers/permissions.js';

export function analyticsSubgraph(): SubgraphModule<Context> {
  return {
    name: 'analytics',
    defaultPort: 4005,
    migrationsFolder: new URL('./data/migrations', import.meta.url).pathname,
    async build(deps) {
      const repo = new MetricsRepository(deps.database.db);
      const feed = new MetricsFeed(deps.events, deps.logger);
      await feed.start();
      // Consuming starts with the subgraph, so metrics keep up whether or not anyone queries them.
      const subscription = await subscribeToCaseEvents(deps.events, repo, deps.logger, (received) => feed.announce(received.tenantId, received.event.specificationId));
      return {
        schema: buildGuardedSubgraphSchema({ typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)), resolvers, permissions }),
        createContext: (auth) => createContext(auth, repo, feed),
        seedDemoData: () => seedAnalytics(repo, deps.logger),
        close: async () => {
          await subscription.close();
          await feed.stop();
        },
      };
    },
  };
}
