import { runSubgraphFromEnv } from '@flowgraph/shared';
import { workflowsOptionsFromEnv, workflowsSubgraph } from './index.js';

await runSubgraphFromEnv(workflowsSubgraph(workflowsOptionsFromEnv()));
