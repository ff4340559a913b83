import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { AuthContext } from '@flowgraph/shared/auth/context';
import type { RateLimitState } from './rate-limits.js';
import { subgraphEndpoint, type SubgraphCaller, type SubgraphEndpoint, type SubgraphHttp } from './subgraph-http.js';

export interface GatewayContext {
  auth: AuthContext;
  /** The caller's verified credentials, passed on: each subgraph verifies them again itself. */
  authorization?: string | undefined;
  /** The `x-forwarded-for` chain to pass on, ending with the address the gateway saw. */
  forwardedFor?: string | undefined;
  /** The caller's tightest rate-limit budget, sent back in RateLimit-* headers. */
  rateLimit?: RateLimitState | undefined;
}

/** The credentials and address to pass on from a context typed loosely (health checks and schema loads carry no caller). */
export function callerOf(context: object): SubgraphCaller {
  const authorization: unknown = 'authorization' in context ? context.authorization : undefined;
  const forwardedFor: unknown = 'forwardedFor' in context ? context.forwardedFor : undefined;
  return {
    authorization: typeof authorization === 'string' && authorization ? authorization : undefined,
    forwardedFor: typeof forwardedFor === 'string' && forwardedFor ? forwardedFor : undefined,
  };
}

/**
 * @apollo/gateway's data-source interface over the gateway's subgraph client, for what still runs
 * through @apollo/gateway's own executor (subscription events): the same pooled connections, the same
 * forwarded credentials and the same error mapping as the gateway's own executor (see SubgraphHttp).
 */
export class AuthForwardingDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly endpoint: SubgraphEndpoint;

  constructor(
    url: string,
    private readonly http: SubgraphHttp,
  ) {
    this.endpoint = subgraphEndpoint(url);
  }

  get url(): string {
    return this.endpoint.url;
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { query, variables, operationName } = options.request;
    return this.http.send(this.endpoint, { query: query ?? '', variables, operationName }, callerOf(options.context));
  }
}
