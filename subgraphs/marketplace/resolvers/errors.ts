import { GraphQLError } from 'graphql';
import { badUserInput, conflict, forbidden, notFound } from '@flowgraph/shared';
import { MarketplaceError } from '../domain/errors.js';

/** Services refuse in the domain's words; here they become GraphQL errors with their stable codes. */
export function toGraphQLError(error: unknown): unknown {
  if (!(error instanceof MarketplaceError)) return error;
  switch (error.kind) {
    case 'BAD_USER_INPUT': {
      const refusal = badUserInput(error.message, error.field);
      return Object.keys(error.details).length ? new GraphQLError(error.message, { extensions: { ...refusal.extensions, ...error.details } }) : refusal;
    }
    case 'NOT_FOUND':
      return new GraphQLError(error.message, { extensions: { code: 'NOT_FOUND' } });
    case 'FORBIDDEN':
      return forbidden(error.message);
    case 'CONFLICT':
      return conflict(error.message);
    case 'UNAVAILABLE':
      return new GraphQLError(error.message, { extensions: { code: 'PAYMENT_PROVIDER_UNAVAILABLE' } });
  }
}

export async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toGraphQLError(error);
  }
}

export { notFound };
