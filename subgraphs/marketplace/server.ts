import { runSubgraphFromEnv } from '@flowgraph/shared';
import { marketplaceSubgraph } from './index.js';

// Blank counts as unset, as in the shared config loader: `MONGODB_URL=` keeps the catalog on Postgres.
await runSubgraphFromEnv(
  marketplaceSubgraph({
    mongodbUrl: process.env.MONGODB_URL?.trim() || undefined,
    mongodbDatabase: process.env.MONGODB_DATABASE?.trim() || undefined,
  }),
);
