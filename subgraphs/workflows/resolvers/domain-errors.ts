import { GraphQLError } from 'graphql';
import { ErrorCode } from '@flowgraph/shared';
import { Conflict, DomainError, Forbidden, InvalidInput, NotFound } from '../app/errors.js';

/** The one place the services' typed refusals become the `extensions.code` clients branch on. */
function codeOf(error: DomainError): ErrorCode {
  if (error instanceof NotFound) return ErrorCode.NotFound;
  if (error instanceof Conflict) return ErrorCode.Conflict;
  if (error instanceof Forbidden) return ErrorCode.Forbidden;
  if (error instanceof InvalidInput) return ErrorCode.BadUserInput;
  // A DomainError subclass nobody mapped: the caller's request, refused.
  return ErrorCode.BadUserInput;
}

/** A domain error as the GraphQL error clients see; anything else (GraphQL errors included) as it is. */
export function toGraphQLError(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { code: codeOf(error), ...(error.engineCode ? { engineCode: error.engineCode } : {}), ...error.details },
  });
}

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

function mapped(fn: AnyFunction): AnyFunction {
  return function (this: unknown, ...args: unknown[]) {
    try {
      const result = fn.apply(this, args);
      return result instanceof Promise ? result.catch((error: unknown) => { throw toGraphQLError(error); }) : result;
    } catch (error) {
      throw toGraphQLError(error);
    }
  };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * Every resolver of the map, `__resolveReference` and subscriptions' `subscribe`/`resolve`
 * included, with domain errors turned into GraphQL errors by `toGraphQLError`. Scalars (class
 * instances) are left as they are.
 */
export function withDomainErrors<T extends object>(resolvers: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [typeName, fields] of Object.entries(resolvers)) {
    if (!isPlainObject(fields)) {
      wrapped[typeName] = fields;
      continue;
    }
    wrapped[typeName] = Object.fromEntries(
      Object.entries(fields).map(([field, resolver]) => {
        if (typeof resolver === 'function') return [field, mapped(resolver as AnyFunction)];
        if (isPlainObject(resolver)) {
          return [field, Object.fromEntries(Object.entries(resolver).map(([key, value]) => [key, typeof value === 'function' ? mapped(value as AnyFunction) : value]))];
        }
        return [field, resolver];
      }),
    );
  }
  return wrapped as T;
}
