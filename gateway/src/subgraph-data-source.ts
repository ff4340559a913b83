import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { Agent, fetch as undiciFetch } from 'undici';
import type { AuthContext } from '@flowgraph/shared/auth/context';
import type { Logger } from '@flowgraph/shared/logger';
import { errorForStatus, graphQLBody, sanitizeSubgraphError, subgraphUnreachable } from './subgraph-errors.js';
import type { RateLimitState } from './rate-limits.js';

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;
type FetcherResponse = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];
type ProcessResult = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

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

/** A subgraph answered non-2xx with a GraphQL body: carried out of sendRequest to be answered as a normal response. */
class SubgraphErrorResponse extends Error {
  constructor(readonly body: { data?: Record<string, unknown> | null; errors: GraphQLFormattedError[] }) {
    super('subgraph answered with errors');
  }
}

export interface AuthForwardingOptions {
  url: string;
  fetcher: Fetcher;
  /** Replaces unexpected failures' messages (see sanitizeSubgraphError). */
  production?: boolean | undefined;
  /** Where an unreachable subgraph's cause is recorded, since the client is not told it. */
  logger?: Logger | undefined;
}

/**
 * Forwards the caller's credentials and address to a subgraph, and maps whatever comes back to what a
 * client may see. A subgraph answers HTTP 401 for an UNAUTHENTICATED field error (a field needing a
 * login, a refused refresh token) with a normal GraphQL body; Apollo's data source would turn it into
 * `401: Unauthorized` with the subgraph's URL, body and stack trace attached. Here such a body is
 * answered as the subgraph's response, its errors sanitized (and partial data kept); a failure with
 * no GraphQL body is a code by status; an unreachable subgraph is SERVICE_UNAVAILABLE.
 */
export class AuthForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly production: boolean;
  private readonly log: Logger | undefined;

  constructor(options: AuthForwardingOptions) {
    super({ url: options.url, fetcher: options.fetcher });
    this.production = options.production ?? false;
    this.log = options.logger;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Typed loosely by @apollo/gateway (health checks and schema loads carry no caller): only strings go on.
    const authorization: unknown = 'authorization' in context ? context.authorization : undefined;
    if (typeof authorization === 'string' && authorization) request.http?.headers.set('authorization', authorization);
    // Identity throttles logins per client address; without this every client would share the gateway's.
    const forwardedFor: unknown = 'forwardedFor' in context ? context.forwardedFor : undefined;
    if (typeof forwardedFor === 'string' && forwardedFor) request.http?.headers.set('x-forwarded-for', forwardedFor);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<ProcessResult> {
    let response: ProcessResult;
    try {
      response = await super.process(options);
    } catch (error) {
      if (error instanceof SubgraphErrorResponse) return { ...error.body, errors: error.body.errors.map((e) => sanitizeSubgraphError(e, this.production)) };
      if (error instanceof GraphQLError) throw error;
      this.log?.warn({ err: error, subgraph: this.url }, 'subgraph fetch failed');
      throw subgraphUnreachable();
    }
    return response.errors ? { ...response, errors: response.errors.map((e) => sanitizeSubgraphError(e, this.production)) } : response;
  }

  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    let body: unknown;
    try {
      body = await this.parseBody(response);
    } catch {
      body = undefined;
    }
    const graphql = graphQLBody(body);
    if (graphql) throw new SubgraphErrorResponse(graphql);
    return errorForStatus(response.status);
  }
}
