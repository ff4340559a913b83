import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '@flowgraph/shared/logger';
import { actualOperationCost, costLimitViolation, estimateOperationCost, type CostDirectives, type CostLimit } from '@flowgraph/shared/graphql/operation-cost';

/**
 * The cost limit, measured once the operation is resolved (parsed, validated, its operation
 * chosen) and before it is planned: over budget is OPERATION_TOO_COMPLEX with `limit: "cost"`,
 * `max` and `measured` (the estimate). In `log` mode nothing is refused: the estimate and the
 * cost of what was actually returned are logged and sent in `extensions.cost`.
 */
export function costLimitPlugin<TContext extends BaseContext>(options: {
  limit: CostLimit;
  schema: () => GraphQLSchema | undefined;
  directives: () => CostDirectives | undefined;
  logger: Logger;
}): ApolloServerPlugin<TContext> {
  const { limit } = options;
  return {
    async requestDidStart() {
      if (limit.mode === 'off') return {};
      let estimated: number | undefined;
      return {
        async didResolveOperation({ document, request, operationName }) {
          const schema = options.schema();
          const directives = options.directives();
          if (!schema || !directives) return;
          estimated = estimateOperationCost(schema, document, { directives, defaultListSize: limit.defaultListSize, variables: request.variables, operationName });
          const violation = costLimitViolation(estimated, limit);
          if (violation) throw violation;
        },
        async willSendResponse({ response, document, operationName }) {
          const schema = options.schema();
          const directives = options.directives();
          if (limit.mode !== 'log' || estimated === undefined || !schema || !directives || !document || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const actual = actualOperationCost(schema, document, result.data, { directives, operationName });
          options.logger.info({ operationName, estimatedCost: estimated, actualCost: actual, maxCost: limit.maxCost }, 'operation cost');
          result.extensions = { ...result.extensions, cost: { estimated, actual, max: limit.maxCost } };
        },
      };
    },
  };
}
