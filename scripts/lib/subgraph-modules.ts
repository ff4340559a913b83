import { aiOptionsFromEnv, aiSubgraph } from '@flowgraph/ai';
import { analyticsSubgraph } from '@flowgraph/analytics';
import { identitySubgraph, type IdentityOptions } from '@flowgraph/identity';
import { marketplaceSubgraph, type MarketplaceOptions } from '@flowgraph/marketplace';
import type { SubgraphModule } from '@flowgraph/shared';
import type { SubgraphName } from '@flowgraph/shared/platform/subgraphs';
import { workflowsSubgraph, type WorkflowsOptions } from '@flowgraph/workflows';

/** What the in-process platforms choose; each subgraph takes its defaults for what is left out. */
export interface SubgraphModuleOptions {
  identity: IdentityOptions;
  workflows?: WorkflowsOptions;
  marketplace?: MarketplaceOptions;
}

/**
 * Each subgraph of the list (packages/shared/src/platform/subgraphs.ts) as the in-process platforms
 * build it: `npm start` and the test platforms. Keyed by the list's names, so an entry added there
 * does not compile until its module is here.
 */
export const subgraphModules: { readonly [N in SubgraphName]: (options: SubgraphModuleOptions) => SubgraphModule } = {
  identity: (options) => identitySubgraph(options.identity),
  workflows: (options) => workflowsSubgraph(options.workflows),
  marketplace: (options) => marketplaceSubgraph(options.marketplace),
  ai: () => aiSubgraph(aiOptionsFromEnv()),
  analytics: () => analyticsSubgraph(),
};
