import { ConfigError, StripePayments, loadConfig, runSubgraphFromEnv } from '@flowgraph/shared';
import { specificationDocumentEnvShape, specificationDocumentOptions } from '@flowgraph/shared/specification-documents';
import type { SnapshotPolicy } from './domain/snapshot.js';
import { marketplaceSubgraph } from './index.js';

// Blank counts as unset, as in the shared config loader: `MONGODB_URL=` keeps the catalog on Postgres.
const setting = (name: string): string | undefined => process.env[name]?.trim() || undefined;

function payments(): StripePayments | undefined {
  const secretKey = setting('STRIPE_SECRET_KEY');
  const webhookSecret = setting('STRIPE_WEBHOOK_SECRET');
  if (!secretKey && !webhookSecret) {
    // The local simulator takes no money: never what production runs on.
    if (process.env.NODE_ENV === 'production') throw new ConfigError('marketplace', ['STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are required in production']);
    return undefined;
  }
  if (!secretKey || !webhookSecret) throw new ConfigError('marketplace', ['STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET go together']);
  return new StripePayments({ secretKey, webhookSecret, apiBase: setting('STRIPE_API_BASE') });
}

/** The same variables workflows reads for its import, so what publishes here imports there. */
function snapshotPolicy(): SnapshotPolicy {
  return specificationDocumentOptions(loadConfig('marketplace', specificationDocumentEnvShape, process.env));
}

await runSubgraphFromEnv(
  marketplaceSubgraph({
    mongodbUrl: setting('MONGODB_URL'),
    mongodbDatabase: setting('MONGODB_DATABASE'),
    payments: payments(),
    publicUrl: setting('MARKETPLACE_PUBLIC_URL'),
    snapshots: snapshotPolicy(),
  }),
);
