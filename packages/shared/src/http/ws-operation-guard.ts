import { createRequire } from 'node:module';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import type * as GraphQLModule from 'graphql';
import { measureDocument } from '../graphql/operation-limits.js';
import type { OperationLimits } from '../graphql/operation-limits-config.js';
import { costLimitViolation, estimateOperationCost, type CostDirectives, type CostLimit } from '../graphql/operation-cost.js';

/**
 * What an operation sent over graphql-ws must pass before it is parsed and run, as one sent over HTTP
 * does: the document limits (createGraphQLHttpServer) and the cost limit (costLimitPlugin), from the
 * same shared modules. Over HTTP, Apollo Server and our HTTP server apply them; graphql-ws runs an
 * operation itself, so without this a socket was a way around both.
 */
export interface WsOperationGuard {
  limits: OperationLimits;
  /** Absent: no cost limit (as with OPERATION_COST_MODE=off). */
  cost?: { limit: CostLimit; directives: () => CostDirectives | undefined } | undefined;
  /** Production: no introspection and no "did you mean" in validation errors, as over HTTP. */
  hideSchema?: boolean | undefined;
}

export interface GuardedOperation {
  query: string;
  operationName?: string | null | undefined;
  variables?: Readonly<Record<string, unknown>> | null | undefined;
}

/** Why the operation is refused (OPERATION_TOO_COMPLEX with `limit`, `max`, `measured`), or undefined. */
export function wsOperationRefusal(guard: WsOperationGuard, schema: GraphQLSchema, operation: GuardedOperation): GraphQLError | undefined {
  const { violation, document } = measureDocument(operation.query, schema, guard.limits);
  if (violation) return violation;
  const directives = guard.cost?.directives();
  // No document: malformed, and graphql-ws answers the syntax error itself.
  if (!document || !guard.cost || guard.cost.limit.mode !== 'enforce' || !directives) return undefined;
  const estimated = estimateOperationCost(schema, document, {
    directives,
    defaultListSize: guard.cost.limit.defaultListSize,
    variables: operation.variables ?? undefined,
    operationName: operation.operationName ?? undefined,
  });
  return costLimitViolation(estimated, guard.cost.limit);
}

/** graphql-ws validates with the `graphql` it requires itself (the CommonJS build): rules must come from it too. */
const wsGraphQL = createRequire(import.meta.url)('graphql') as typeof GraphQLModule;

const SUGGESTION = / Did you mean .+\?$/;

/**
 * graphql-ws's `validate` for production: the specified rules plus no introspection, and validation
 * messages without the "Did you mean …?" that would name fields of the schema to a stranger.
 */
export const validateHidingSchema: typeof GraphQLModule.validate = (schema, document, rules, options, typeInfo) => {
  const errors = wsGraphQL.validate(schema, document, [...(rules ?? wsGraphQL.specifiedRules), wsGraphQL.NoSchemaIntrospectionCustomRule], options, typeInfo);
  return errors.map((error) =>
    SUGGESTION.test(error.message) ? new wsGraphQL.GraphQLError(error.message.replace(SUGGESTION, ''), { nodes: error.nodes, extensions: error.extensions }) : error,
  );
};
