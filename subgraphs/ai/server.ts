import { runSubgraphFromEnv } from '@flowgraph/shared';
import { aiSubgraph } from './index.js';

await runSubgraphFromEnv(aiSubgraph());
