import { runSubgraphFromEnv } from '@flowgraph/shared';
import { marketplaceSubgraph } from './index.js';

await runSubgraphFromEnv(marketplaceSubgraph());
