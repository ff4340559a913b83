import { postGraphQL, type GraphQLResponse } from '../../support/http.js';
import { signingKey, startLivePlatform, type LivePlatform, type LivePlatformOptions, type SigningKey } from '../../support/live-platform.js';

/** The platform as deployed, for probes: NODE_ENV=production everywhere, real services, identity's key held by the suite. */
export interface SecurityPlatform extends LivePlatform {
  key: SigningKey;
  /** `/health/live` of the gateway, checked while each attack runs. */
  healthUrl: string;
  /** The subgraphs' addresses: none may appear in anything a client receives. */
  internalUrls: string[];
  post<TData = Record<string, unknown>>(query: string, options?: { variables?: Record<string, unknown>; token?: string; headers?: Record<string, string> }): Promise<GraphQLResponse<TData>>;
}

export async function startSecurityPlatform(options: Omit<LivePlatformOptions, 'production' | 'key'> = {}): Promise<SecurityPlatform> {
  const key = await signingKey();
  const platform = await startLivePlatform({ ...options, production: true, key });
  return {
    ...platform,
    key,
    healthUrl: `${platform.gateway.url}/health/live`,
    internalUrls: Object.values(platform.subgraphs).map((subgraph) => subgraph.url),
    post: (query, postOptions) => postGraphQL(platform.url, query, postOptions),
  };
}
