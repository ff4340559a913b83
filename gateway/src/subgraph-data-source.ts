import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Agent, fetch as undiciFetch } from 'undici';

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;

export interface GatewayContext {
  /** The caller's credentials, passed on verbatim: each subgraph verifies them itself. */
  authorization?: string | undefined;
}

/** One pooled, keep-alive HTTP client for all subgraph fetches of a gateway. */
export function keepAliveFetcher(timeoutMs: number): { fetcher: Fetcher; close: () => Promise<void> } {
  const agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 128, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const fetcher = ((url, init) => undiciFetch(url, { ...init, dispatcher: agent })) as Fetcher;
  return { fetcher, close: () => agent.close() };
}

export class AuthForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const authorization = 'authorization' in context ? context.authorization : undefined;
    if (authorization) request.http?.headers.set('authorization', authorization);
  }
}
