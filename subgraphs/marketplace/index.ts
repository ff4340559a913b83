import { OutboxRelay, SimulatedPayments, buildGuardedSubgraphSchema, loadTypeDefs, type Payments, type SubgraphModule } from '@flowgraph/shared';
import { CatalogCache } from './app/catalog-cache.js';
import { CatalogService } from './app/catalog-service.js';
import { InstallService } from './app/install-service.js';
import { PayoutAccounts } from './app/payout-accounts.js';
import { PayoutWorker } from './app/payout-worker.js';
import { PurchaseService } from './app/purchase-service.js';
import { ReviewService } from './app/review-service.js';
import { SalesService } from './app/sales-service.js';
import { StripeWebhooks } from './app/stripe-webhooks.js';
import { STRIPE_WEBHOOK_PATH, stripeWebhookRoute } from './app/webhook-route.js';
import { createContext, type Context, type MarketplaceServices } from './context.js';
import { MongoTemplateStore } from './data/mongo-template-store.js';
import { PostgresTemplateStore } from './data/postgres-template-store.js';
import { outbox } from './data/schema.js';
import { TemplateAnnouncements } from './app/template-announcements.js';
import { seedMarketplace } from './data/seed.js';
import type { SnapshotPolicy } from './domain/snapshot.js';
import type { TemplateStore } from './data/template-store.js';
import { resolvers } from './resolvers/index.js';
import { permissions } from './resolvers/permissions.js';

export type { TemplateRecord, TemplateStore } from './data/template-store.js';
export { INSTALL_REQUESTS_TOPIC, INSTALL_RESULTS_TOPIC, type InstallRequestData, type InstallResultData } from './app/topics.js';
export { STRIPE_WEBHOOK_PATH } from './app/webhook-route.js';

/** The simulator's signing secret for `npm start`; never used with real Stripe. */
export const DEV_WEBHOOK_SECRET = 'whsec_flowgraph_local_simulator';

export interface MarketplaceOptions {
  /** When set, the catalog lives in this MongoDB (or FerretDB); otherwise in the subgraph's Postgres. */
  mongodbUrl?: string | undefined;
  /** Database for the catalog on that server; defaults to `flowgraph_marketplace`. */
  mongodbDatabase?: string | undefined;
  /** Stripe (or stripe-mock); the local payment simulator when absent. */
  payments?: Payments | undefined;
  /** Where Checkout and Connect onboarding send the browser back to; `{PURCHASE_ID}` is filled in. */
  publicUrl?: string | undefined;
  payouts?: { baseBackoffMs?: number; pollIntervalMs?: number } | undefined;
  /** Bounds and schema a published snapshot is checked with: give it what workflows imports with. */
  snapshots?: SnapshotPolicy | undefined;
}

export interface BuiltMarketplace {
  services: MarketplaceServices;
  payouts: PayoutWorker;
}

export function marketplaceSubgraph(options: MarketplaceOptions = {}, onBuilt?: (built: BuiltMarketplace) => void): SubgraphModule<Context> {
  return {
    name: 'marketplace',
    defaultPort: 4003,
    // Migrated either way: purchases, payouts and snapshots live in Postgres even when the catalog is in Mongo.
    migrationsFolder: new URL('./data/migrations', import.meta.url).pathname,
    async build(deps) {
      const db = deps.database.db;
      // The one place that picks the catalog's store; everything else sees only the port.
      let store: TemplateStore;
      let closeStore: (() => Promise<void>) | undefined;
      if (options.mongodbUrl) {
        const mongo = await MongoTemplateStore.connect(options.mongodbUrl, { logger: deps.logger, databaseName: options.mongodbDatabase });
        store = mongo;
        closeStore = () => mongo.close();
      } else {
        // Its connection belongs to deps.database, which whoever opened it closes.
        store = new PostgresTemplateStore(db, deps.logger);
      }
      const payments = options.payments ?? new SimulatedPayments(DEV_WEBHOOK_SECRET);
      const publicUrl = (options.publicUrl ?? 'http://localhost:4000').replace(/\/$/, '');
      const relay = new OutboxRelay({ db, outbox, bus: deps.events, logger: deps.logger });
      const payoutWorker = new PayoutWorker({ db, payments, logger: deps.logger, ...options.payouts });
      const afterCommit = () => relay.notify();
      const catalog = new CatalogService(db, store, new CatalogCache(deps.cache), options.snapshots, new TemplateAnnouncements(db, options.snapshots?.limits, afterCommit));
      const purchases = new PurchaseService(
        db,
        catalog,
        payments,
        { successUrl: `${publicUrl}/marketplace/purchases/{PURCHASE_ID}?checkout=success`, cancelUrl: `${publicUrl}/marketplace/purchases/{PURCHASE_ID}?checkout=cancelled` },
        deps.logger,
        afterCommit,
      );
      const installs = new InstallService(db, catalog, purchases, deps.logger, afterCommit);
      const services: MarketplaceServices = {
        catalog,
        purchases,
        installs,
        reviews: new ReviewService(db, catalog, purchases),
        sales: new SalesService(db),
        payoutAccounts: new PayoutAccounts(db, payments, { refreshUrl: `${publicUrl}/marketplace/payouts?onboarding=refresh`, returnUrl: `${publicUrl}/marketplace/payouts?onboarding=done` }),
      };
      const webhooks = new StripeWebhooks(db, deps.logger);
      const route = stripeWebhookRoute(payments, webhooks, deps.logger, async (result) => {
        if (result.outcome !== 'paid' && result.outcome !== 'refunded') return;
        relay.notify();
        payoutWorker.notify();
        if (result.templateId) await catalog.syncStats(result.templateId);
      });
      relay.start();
      payoutWorker.start();
      await installs.start(deps.events);
      onBuilt?.({ services, payouts: payoutWorker });
      return {
        schema: buildGuardedSubgraphSchema({ typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)), resolvers, permissions }),
        createContext: (auth) => createContext(auth, services),
        routes: { [STRIPE_WEBHOOK_PATH]: route },
        readiness: { templateStore: () => store.ping() },
        seedDemoData: () => seedMarketplace(store, db),
        close: async () => {
          await installs.stop();
          await payoutWorker.stop();
          await relay.stop();
          await closeStore?.();
        },
      };
    },
  };
}
