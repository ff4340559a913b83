import { runSubgraphFromEnv } from '@flowgraph/shared';
import { analyticsSubgraph } from './index.js';

await runSubgraphFromEnv(analyticsSubgraph());
