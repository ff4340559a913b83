import { GraphQLError } from 'graphql';
import { badUserInput, conflict, notFound } from '@flowgraph/shared';
import { GenerationInputError, GenerationLimitError, GenerationNotFoundError, GenerationStateError } from '../app/errors.js';

/** The application's refusals as GraphQL errors with stable codes; anything else is rethrown. */
export function asGraphQLError(error: unknown): unknown {
  if (error instanceof GenerationInputError) return badUserInput(error.message, error.field);
  if (error instanceof GenerationLimitError) return new GraphQLError(error.message, { extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 5 } });
  if (error instanceof GenerationNotFoundError) return notFound('WorkflowGeneration', error.id);
  if (error instanceof GenerationStateError) return conflict(error.message);
  return error;
}
