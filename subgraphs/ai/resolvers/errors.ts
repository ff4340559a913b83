import { GraphQLError } from 'graphql';
import { badUserInput } from '@flowgraph/shared';
import { GenerationInputError, GenerationLimitError } from '../app/generation-service.js';

/** The application's refusals as GraphQL errors with stable codes; anything else is rethrown. */
export function asGraphQLError(error: unknown): unknown {
  if (error instanceof GenerationInputError) return badUserInput(error.message, error.field);
  if (error instanceof GenerationLimitError) return new GraphQLError(error.message, { extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 5 } });
  return error;
}
