import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Agent, fetch as undiciFetch } from 'undici';
import type { AuthContext } from '@flowgraph/shared';
import type { RateLimitState } from './rate-limits.js';

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;

export interface GatewayContext {
  auth: AuthContext;
  /** The caller's verified credentials, passed on: each subgraph verifies them again itself. */
  authorization?: string | undefined;
  /** The `x-forwarded-for` chain to pass on, ending with the address the gateway saw. */
  forwardedFor?: string | undefined;
  /** The caller's tightest rate-limit budget, sent back in RateLimit-* headers. */
  rateLimit?: RateLimitState | undefined;
}

/** One pooled, keep-alive HTTP client for all subgraph fetches of a gateway. */
export function keepAliveFetcher(timeoutMs: number): { fetcher: Fetcher; close: () => Promise<void> } {
  const agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 128, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const fetcher = ((url, init) => undiciFetch(url, { ...init, dispatcher: agent })) as Fetcher;
  return { fetcher, close: () => agent.close() };
}

export class AuthForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Typed loosely by @apollo/gateway (health checks and schema loads carry no caller): only strings go on.
    const authorization: unknown = 'authorization' in context ? context.authorization : undefined;
    if (typeof authorization === 'string' && authorization) request.http?.headers.set('authorization', authorization);
    // Identity throttles logins per client address; without this every client would share the gateway's.
    const forwardedFor: unknown = 'forwardedFor' in context ? context.forwardedFor : undefined;
    if (typeof forwardedFor === 'string' && forwardedFor) request.http?.headers.set('x-forwarded-for', forwardedFor);
  }
}
