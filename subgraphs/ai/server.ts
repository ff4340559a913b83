import { runSubgraphFromEnv } from '@flowgraph/shared';
import { aiOptionsFromEnv, aiSubgraph } from './index.js';

await runSubgraphFromEnv(aiSubgraph(aiOptionsFromEnv()));
