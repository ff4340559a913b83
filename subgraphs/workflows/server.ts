import { runSubgraphFromEnv } from '@flowgraph/shared';
import { workflowsSubgraph } from './index.js';

await runSubgraphFromEnv(workflowsSubgraph());
