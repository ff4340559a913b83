import { operationFromDocument, Supergraph, type FieldSelection, type Operation, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type QueryPlan } from '@apollo/query-planner';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { GatewayExecutionResult, GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface, GatewayLoadResult, GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import { Kind, OperationTypeNode, type DocumentNode, type GraphQLError as GraphQLErrorType, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { executeSync, getVariableValues, GraphQLError } from './graphql-runtime.js';
import { LruMap } from '@flowgraph/shared/collections/lru-map';
import type { Logger } from '@flowgraph/shared/logger';
import { callerOf } from '../subgraph-data-source.js';
import { subgraphEndpoint, type SubgraphEndpoint, type SubgraphHttp } from '../subgraph-http.js';
import { TypeConditions, type JsonObject } from './merge.js';
import { executePlanNode } from './plan-execution.js';
import { compileResponseShape, shapeResponse, type ResponseShape } from './response-shape.js';

/** Distinct operations whose plans (and compiled response shapes) are kept per supergraph. */
const PLAN_CACHE_SIZE = 1_000;

/** Everything built once per supergraph load: one planner, one plan cache. */
export interface LoadedSupergraph {
  readonly coreSupergraphSdl: string;
  readonly supergraph: Supergraph;
  readonly planner: QueryPlanner;
  readonly apiSchema: Schema;
  /** What clients validate against. */
  readonly apiGraphQLSchema: GraphQLSchema;
  readonly supergraphSchema: GraphQLSchema;
  readonly endpoints: ReadonlyMap<string, SubgraphEndpoint>;
  readonly types: TypeConditions;
  readonly plans: LruMap<string, PlannedOperation>;
}

interface PlannedOperation {
  plan: QueryPlan;
  operation: Operation;
  shape: ResponseShape;
}

export interface FederatedGatewayOptions {
  supergraphSdl: SupergraphSdlHook;
  http: SubgraphHttp;
  /** Overrides of the supergraph's routing URLs. */
  subgraphUrls: Readonly<Record<string, string>>;
  logger: Logger;
}

/**
 * Apollo Server's gateway: @apollo/gateway's query planner over the supergraph, and our own execution
 * of its plans (see plan-execution.ts and response-shape.ts). A load builds one planner and one plan
 * cache; a reloaded supergraph replaces them whole, and one that fails to build leaves them in place.
 */
export class FederatedGateway implements GatewayInterface {
  private loaded: LoadedSupergraph | undefined;
  private readonly schemaListeners = new Set<GatewaySchemaLoadOrUpdateCallback>();
  private readonly loadListeners = new Set<(loaded: LoadedSupergraph) => void>();
  private cleanup: (() => Promise<void>) | undefined;

  constructor(private readonly options: FederatedGatewayOptions) {}

  get current(): LoadedSupergraph | undefined {
    return this.loaded;
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): () => void {
    this.schemaListeners.add(callback);
    return () => this.schemaListeners.delete(callback);
  }

  /** Called with each supergraph loaded, for what must use the same planner (subscriptions). */
  onSupergraphLoaded(callback: (loaded: LoadedSupergraph) => void): () => void {
    this.loadListeners.add(callback);
    if (this.loaded) callback(this.loaded);
    return () => this.loadListeners.delete(callback);
  }

  async load(): Promise<GatewayLoadResult> {
    const { supergraphSdl, cleanup } = await this.options.supergraphSdl({
      update: (sdl) => this.update(sdl),
      healthCheck: async () => {},
      getDataSource: () => {
        throw new Error('data sources are not used by this gateway');
      },
    });
    this.cleanup = cleanup;
    this.update(supergraphSdl);
    return { executor: this.executor };
  }

  async stop(): Promise<void> {
    await this.cleanup?.();
    this.cleanup = undefined;
  }

  /** Builds everything for a supergraph before replacing the current one: a bad file throws and changes nothing. */
  update(coreSupergraphSdl: string): void {
    const supergraph = Supergraph.build(coreSupergraphSdl);
    const apiSchema = supergraph.apiSchema();
    const supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    const endpoints = new Map(supergraph.subgraphsMetadata().map(({ name, url }) => [name, subgraphEndpoint(this.options.subgraphUrls[name] ?? url)]));
    const loaded: LoadedSupergraph = {
      coreSupergraphSdl,
      supergraph,
      planner: new QueryPlanner(supergraph),
      apiSchema,
      apiGraphQLSchema: apiSchema.toGraphQLJSSchema(),
      supergraphSchema,
      endpoints,
      types: new TypeConditions(supergraph.schema),
      plans: new LruMap(PLAN_CACHE_SIZE),
    };
    this.loaded = loaded;
    for (const listener of this.loadListeners) listener(loaded);
    for (const listener of this.schemaListeners) listener({ apiSchema: loaded.apiGraphQLSchema, coreSupergraphSdl });
  }

  readonly executor: GatewayExecutor = async (requestContext) => {
    const loaded = this.loaded;
    if (!loaded) throw new Error('supergraph not loaded');
    const { request, operation: definition } = requestContext;
    const variables = request.variables ?? {};
    if (definition.variableDefinitions?.length) {
      const { errors } = getVariableValues(loaded.apiGraphQLSchema, definition.variableDefinitions, variables);
      if (errors) return { errors };
    }
    const planned = this.planned(loaded, requestContext);
    return execute(loaded, planned, requestContext, this.options.http, definition);
  };

  private planned(loaded: LoadedSupergraph, { queryHash, document, request }: GatewayGraphQLRequestContext): PlannedOperation {
    const key = request.operationName ? `${queryHash}\0${request.operationName}` : queryHash;
    let planned = loaded.plans.get(key);
    if (!planned) {
      const operation = operationFromDocument(loaded.apiSchema, document, { operationName: request.operationName });
      planned = { plan: loaded.planner.buildQueryPlan(operation), operation, shape: compileResponseShape(operation) };
      loaded.plans.set(key, planned);
    }
    return planned;
  }
}

async function execute(loaded: LoadedSupergraph, { plan, operation, shape }: PlannedOperation, requestContext: GatewayGraphQLRequestContext, http: SubgraphHttp, definition: OperationDefinitionNode): Promise<GatewayExecutionResult> {
  const variables = requestContext.request.variables ?? {};
  // An ordinary object (see response-shape.ts): merges read it only through own properties (merge.ts).
  const data: JsonObject = {};
  const errors: Error[] = [];
  if (plan.node?.kind === 'Subscription') throw new Error('Execution of subscriptions not supported by gateway');
  if (plan.node) {
    await executePlanNode(
      {
        http,
        endpoints: loaded.endpoints,
        types: loaded.types,
        caller: callerOf(requestContext.context),
        variables,
        variableDefinitions: operation.variableDefinitions,
        errors,
        // A mutation's fetches are never shared: each runs as planned, however alike.
        shared: operation.rootKind === 'query' ? new Map() : undefined,
      },
      plan.node,
      data,
    );
  }
  const completionErrors: GraphQLErrorType[] = [];
  let shaped: JsonObject | null;
  try {
    shaped = shapeResponse(shape, data, {
      variables: { ...shape.defaults, ...variables },
      errors: completionErrors,
      introspect: (field) => introspect(loaded.apiGraphQLSchema, field, definition, variables),
    });
  } catch (error) {
    return { errors: [asGraphQLError(error)] };
  }
  if (errors.length === 0 && completionErrors.length > 0) return { extensions: { valueCompletion: completionErrors }, data: shaped };
  return errors.length === 0 ? { data: shaped } : { errors: errors.map(asGraphQLError), data: shaped };
}

function asGraphQLError(error: unknown): GraphQLErrorType {
  if (error instanceof GraphQLError) return error;
  if (error instanceof Error) return new GraphQLError(error.message, { originalError: error });
  return new GraphQLError('Unexpected error during query plan execution');
}

/** __schema and __type, answered over the API schema as graphql-js would. */
function introspect(schema: GraphQLSchema, field: FieldSelection, definition: OperationDefinitionNode, variables: Record<string, unknown>): unknown {
  const selection = field.expandFragments().toSelectionNode();
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [{ kind: Kind.OPERATION_DEFINITION, operation: OperationTypeNode.QUERY, variableDefinitions: definition.variableDefinitions, selectionSet: { kind: Kind.SELECTION_SET, selections: [selection] } }],
  };
  const { data, errors } = executeSync({ schema, document, rootValue: {}, variableValues: variables });
  if (errors?.length || !data) throw new Error(`Introspection failed: ${errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
  return data[selection.alias?.value ?? selection.name.value];
}
