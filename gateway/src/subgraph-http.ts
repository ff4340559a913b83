import type { GraphQLFormattedError } from 'graphql';
import { Agent } from 'undici';
import type { Logger } from '@flowgraph/shared/logger';
import { errorForStatus, graphQLBody, sanitizeSubgraphError, subgraphUnreachable } from './subgraph-errors.js';

/** What the gateway sends a subgraph: one GraphQL operation. */
export interface SubgraphRequest {
  query: string;
  variables?: Record<string, unknown> | undefined;
  operationName?: string | undefined;
}

/** The caller's headers a subgraph needs to see: it verifies the credential again and throttles by address. */
export interface SubgraphCaller {
  authorization?: string | undefined;
  forwardedFor?: string | undefined;
}

/** A subgraph's answer as a client may see it: errors already sanitized. */
export interface SubgraphResponse {
  data?: Record<string, unknown> | null | undefined;
  errors?: GraphQLFormattedError[] | undefined;
  extensions?: Record<string, unknown> | undefined;
}

/** A subgraph's HTTP answer before parsing. */
export interface RawAnswer {
  status: number;
  text: string;
}

/** A subgraph's URL split once, so that each request names its pool by origin without parsing. */
export interface SubgraphEndpoint {
  readonly url: string;
  readonly origin: string;
  readonly path: string;
}

export interface SubgraphHttpOptions {
  /** Bounds the wait for the answer's headers and for each gap in its body. */
  timeoutMs: number;
  /** Replaces unexpected failures' messages (see sanitizeSubgraphError). */
  production?: boolean | undefined;
  /** Where an unreachable subgraph's cause is recorded, since the client is not told it. */
  logger?: Logger | undefined;
}

export function subgraphEndpoint(url: string): SubgraphEndpoint {
  const parsed = new URL(url);
  return { url, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
}

/**
 * The gateway's HTTP client for subgraphs: one keep-alive connection pool per subgraph origin, driven
 * through undici's `request` (no web streams, no Response objects), each body read once as text and
 * parsed once. What comes back is mapped to what a client may see: a GraphQL body (on any status, e.g.
 * a 401 for an UNAUTHENTICATED field error) is answered with its errors sanitized and partial data
 * kept; a failure with no GraphQL body is a code by status; an unreachable or silent subgraph is
 * SERVICE_UNAVAILABLE, its cause only in the log.
 */
export class SubgraphHttp {
  private readonly agent: Agent;
  private readonly production: boolean;

  constructor(private readonly options: SubgraphHttpOptions) {
    this.agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 128, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
    this.production = options.production ?? false;
  }

  /** Sends one operation; throws a GraphQLError (never anything else) when there is no GraphQL answer. */
  async send(endpoint: SubgraphEndpoint, request: SubgraphRequest, caller: SubgraphCaller, signal?: AbortSignal): Promise<SubgraphResponse> {
    return this.read(endpoint, await this.post(endpoint, JSON.stringify(request), caller, signal));
  }

  /** The raw answer to a serialized request, for callers that share one answer (see read). */
  async post(endpoint: SubgraphEndpoint, body: string, caller: SubgraphCaller, signal?: AbortSignal): Promise<RawAnswer> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (caller.authorization) headers.authorization = caller.authorization;
    // Identity throttles logins per client address; without this every client would share the gateway's.
    if (caller.forwardedFor) headers['x-forwarded-for'] = caller.forwardedFor;
    try {
      const response = await this.agent.request({ origin: endpoint.origin, path: endpoint.path, method: 'POST', headers, body, signal });
      return { status: response.statusCode, text: await response.body.text() };
    } catch (error) {
      this.options.logger?.warn({ err: error, subgraph: endpoint.url }, 'subgraph fetch failed');
      throw subgraphUnreachable();
    }
  }

  /** A raw answer parsed into fresh objects (each call its own, so that callers may merge into them). */
  read(endpoint: SubgraphEndpoint, { status, text }: RawAnswer): SubgraphResponse {
    const body = parseJson(text);
    if (status < 200 || status >= 300) {
      const graphql = graphQLBody(body);
      if (!graphql) throw errorForStatus(status);
      return { ...graphql, errors: this.sanitize(graphql.errors) };
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      this.options.logger?.warn({ subgraph: endpoint.url, status }, 'subgraph answered without a GraphQL body');
      throw subgraphUnreachable();
    }
    const response = body as SubgraphResponse;
    if (response.errors !== undefined && !Array.isArray(response.errors)) throw subgraphUnreachable();
    if (response.errors) response.errors = this.sanitize(response.errors);
    return response;
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private sanitize(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
    return errors.map((e) => sanitizeSubgraphError(e, this.production));
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

