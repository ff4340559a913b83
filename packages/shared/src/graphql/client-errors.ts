import type { GraphQLFormattedError } from 'graphql';

/** Extensions that only ever describe internals: where a response came from, and stack traces. */
const INTERNAL_EXTENSIONS = ['stacktrace', 'exception', 'response', 'http', 'serviceName'] as const;

/**
 * Codes whose message was not written for clients: an unexpected failure's text comes from whatever
 * threw (a socket, a driver, a parser) and may name hosts, tables or files.
 */
const UNEXPECTED_CODES = new Set<string | undefined>([undefined, 'INTERNAL_SERVER_ERROR', 'DOWNSTREAM_SERVICE_ERROR']);

export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

/** Whether an error's message may be shown: it carries a code a resolver chose. */
export function isExpectedError(error: GraphQLFormattedError): boolean {
  const code = error.extensions?.code;
  return !UNEXPECTED_CODES.has(typeof code === 'string' ? code : undefined);
}

/**
 * An error as a client may see it in production: no stack trace or other internal extension, and an
 * unexpected failure's message replaced. Errors resolvers raised with a code keep their message.
 */
export function clientError(error: GraphQLFormattedError): GraphQLFormattedError {
  const extensions: Record<string, unknown> = { ...error.extensions };
  for (const key of INTERNAL_EXTENSIONS) Reflect.deleteProperty(extensions, key);
  if (typeof extensions.code !== 'string') extensions.code = 'INTERNAL_SERVER_ERROR';
  return { ...error, message: isExpectedError(error) ? error.message : INTERNAL_ERROR_MESSAGE, extensions };
}
