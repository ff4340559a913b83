import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { clientError, INTERNAL_ERROR_MESSAGE } from '@flowgraph/shared/graphql/client-errors';

/**
 * What of a subgraph's errors reaches a client. A subgraph speaks to the gateway, not to the world:
 * its HTTP status, URL, raw body and stack traces are internal. Errors it wrote for clients (a
 * GraphQL body whose errors carry a code, e.g. UNAUTHENTICATED with `retryAfterSeconds`) pass on
 * with their message, code and own extensions; anything else becomes a fixed message by status.
 */
export function sanitizeSubgraphError(error: GraphQLFormattedError, production: boolean): GraphQLFormattedError {
  const safe = clientError(error);
  // Outside production a subgraph's own message and stack help whoever runs it; its URL and body never reach a client.
  return production ? safe : { ...safe, message: error.message, extensions: { ...safe.extensions, ...(error.extensions?.stacktrace ? { stacktrace: error.extensions.stacktrace } : {}) } };
}

export const UNAVAILABLE_MESSAGE = 'A service is unavailable; try again later';

/** The error a subgraph's failure without a GraphQL body becomes: a code and a fixed message. */
export function errorForStatus(status: number): GraphQLError {
  if (status === 401) return new GraphQLError('Authentication required', { extensions: { code: 'UNAUTHENTICATED' } });
  if (status === 403) return new GraphQLError('Not allowed', { extensions: { code: 'FORBIDDEN' } });
  if (status === 429) return new GraphQLError('Too many requests; try again later', { extensions: { code: 'RATE_LIMITED' } });
  if (status >= 500) return new GraphQLError(UNAVAILABLE_MESSAGE, { extensions: { code: 'SERVICE_UNAVAILABLE' } });
  return new GraphQLError(INTERNAL_ERROR_MESSAGE, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

/** A subgraph that could not be reached or timed out: the cause (address, port, errno) stays in the log. */
export const subgraphUnreachable = () => new GraphQLError(UNAVAILABLE_MESSAGE, { extensions: { code: 'SERVICE_UNAVAILABLE' } });

/** A subgraph's error response as GraphQL (`{ data?, errors: [...] }`), or undefined when it is not one. */
export function graphQLBody(body: unknown): { data?: Record<string, unknown> | null; errors: GraphQLFormattedError[] } | undefined {
  if (!body || typeof body !== 'object' || !('errors' in body) || !Array.isArray(body.errors)) return undefined;
  const errors = (body.errors as unknown[]).filter((e): e is GraphQLFormattedError => !!e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string');
  if (errors.length === 0) return undefined;
  const data = 'data' in body && (body.data === null || typeof body.data === 'object') ? (body.data as Record<string, unknown> | null) : undefined;
  return { ...(data !== undefined ? { data } : {}), errors };
}
