import { runSubgraphFromEnv } from '@flowgraph/shared';
import { identityOptionsFromEnv, identitySubgraph } from './index.js';

await runSubgraphFromEnv(identitySubgraph(identityOptionsFromEnv()));
