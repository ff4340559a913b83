import { ERRORS, errorCodeDef, type VariableDefinitions } from '@apollo/federation-internals';
import { evaluateCondition, type FetchNode, type PlanNode } from '@apollo/query-planner';
import type { GraphQLError as GraphQLErrorType, GraphQLFormattedError } from 'graphql';
import { GraphQLError } from './graphql-runtime.js';
import type { RawAnswer, SubgraphCaller, SubgraphEndpoint, SubgraphHttp, SubgraphResponse } from '../subgraph-http.js';
import { applyRewrites, concretePaths, deepMerge, hasOwn, representation, valuesAtPath, type JsonObject, type TypeConditions } from './merge.js';

/** What executing one plan needs: where each subgraph is, who is asking, and where errors go. */
export interface PlanExecution {
  http: SubgraphHttp;
  endpoints: ReadonlyMap<string, SubgraphEndpoint>;
  types: TypeConditions;
  caller: SubgraphCaller;
  variables: Record<string, unknown>;
  variableDefinitions: VariableDefinitions;
  /** Every error of every fetch, in arrival order; the response carries them. */
  errors: Error[];
  /** Identical query fetches of this request share one HTTP exchange; absent: none shared (mutations). */
  shared: Map<string, Promise<RawAnswer>> | undefined;
  signal?: AbortSignal | undefined;
}

interface Cursor {
  path: (string | number)[];
  data: unknown;
  fullResult: JsonObject;
}

/**
 * Runs a query plan's Fetch, Sequence, Parallel, Flatten and Condition nodes into one merged tree,
 * the tree's own objects serving as entities: answers are merged into them in place. A fetch's failure
 * is recorded and the rest of the plan runs, so that what other subgraphs answered is still served.
 */
export async function executePlanNode(execution: PlanExecution, node: PlanNode, data: JsonObject): Promise<void> {
  await run(execution, node, { path: [], data, fullResult: data });
}

async function run(execution: PlanExecution, node: PlanNode, cursor: Cursor | undefined): Promise<void> {
  if (!cursor) return;
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await run(execution, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => run(execution, child, cursor)));
      return;
    case 'Flatten': {
      const data = valuesAtPath(cursor.data, node.path);
      await run(execution, node.node, data ? { path: cursor.path.concat(node.path), data, fullResult: cursor.fullResult } : undefined);
      return;
    }
    case 'Fetch':
      try {
        await fetch(execution, node, cursor);
      } catch (error) {
        execution.errors.push(error instanceof Error ? error : new Error(String(error)));
      }
      return;
    case 'Condition': {
      const branch = evaluateCondition(node, execution.variableDefinitions, execution.variables) ? node.ifClause : node.elseClause;
      if (branch) await run(execution, branch, cursor);
      return;
    }
    case 'Defer':
      throw new Error('@defer support is not available in the gateway');
  }
}

async function fetch(execution: PlanExecution, node: FetchNode, cursor: Cursor): Promise<void> {
  const entities: JsonObject[] = Array.isArray(cursor.data) ? (cursor.data as unknown[]).filter((e): e is JsonObject => e !== null && e !== undefined) : [cursor.data as JsonObject];
  if (entities.length === 0) return;
  const variables: JsonObject = Object.create(null) as JsonObject;
  for (const name of node.variableUsages ?? []) {
    if (hasOwn(execution.variables, name) && execution.variables[name] !== undefined) variables[name] = execution.variables[name];
  }
  if (!node.requires) {
    const data = await send(execution, node, cursor, variables);
    if (data) applyRewrites(execution.types, node.outputRewrites, data);
    for (const entity of entities) deepMerge(entity, data);
    return;
  }
  // One representation per distinct entity: an entity reached along several paths is fetched once.
  const representations: JsonObject[] = [];
  // Each representation serialized once: as its identity here and as its part of the request body.
  const serialized: string[] = [];
  const byKey = new Map<string, number>();
  const targets: number[][] = [];
  for (let e = 0; e < entities.length; e++) {
    const found = representation(execution.types, entities[e], node.requires);
    if (!found || !found.__typename) continue;
    applyRewrites(execution.types, node.inputRewrites, found);
    const key = JSON.stringify(found);
    let index = byKey.get(key);
    if (index === undefined) {
      index = representations.push(found) - 1;
      serialized.push(key);
      byKey.set(key, index);
      targets.push([]);
    }
    targets[index]!.push(e);
  }
  if (representations.length === 0) return;
  if ('representations' in variables) throw new Error('Variables cannot contain key "representations"');
  const data = await send(execution, node, cursor, variables, { serialized, targets });
  if (!data) return;
  const received = data._entities;
  if (!Array.isArray(received)) throw new Error('Expected "data._entities" in response to be an array');
  if (received.length !== representations.length) throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  for (let i = 0; i < received.length; i++) {
    const entity = received[i] as JsonObject | null;
    const indexes = targets[i]!;
    if (entity && !entity.__typename) entity.__typename = entities[indexes[0]!]!.__typename;
    applyRewrites(execution.types, node.outputRewrites, entity);
    for (const index of indexes) deepMerge(entities[index]!, entity);
  }
}

/** Sends one fetch and records its errors with paths in the client's response; answers its data. */
async function send(execution: PlanExecution, node: FetchNode, cursor: Cursor, variables: JsonObject, entities?: { serialized: string[]; targets: number[][] }): Promise<JsonObject | null | undefined> {
  const endpoint = execution.endpoints.get(node.serviceName);
  if (!endpoint) throw new Error(`Couldn't find service with name "${node.serviceName}"`);
  const targets = entities?.targets;
  const body = requestBody(node, variables, entities?.serialized);
  let answer: Promise<RawAnswer>;
  const key = `${node.serviceName}\0${body}`;
  const shared = execution.shared?.get(key);
  if (shared) {
    answer = shared;
  } else {
    answer = execution.http.post(endpoint, body, execution.caller, execution.signal);
    execution.shared?.set(key, answer);
  }
  const response: SubgraphResponse = execution.http.read(endpoint, await answer);
  if (response.errors) {
    const pathsOf = errorPaths(cursor, targets);
    for (const error of response.errors) for (const path of pathsOf(error.path)) execution.errors.push(downstreamError(error, node.serviceName, path));
  }
  return response.data;
}

/** A fetch's operation and name as JSON, serialized once per plan rather than once per request. */
const serializedOperations = new WeakMap<FetchNode, { query: string; operationName: string }>();

/** `{"query":…,"variables":{…,"representations":[…]},"operationName":…}` from parts serialized once. */
function requestBody(node: FetchNode, variables: JsonObject, representations: string[] | undefined): string {
  let operation = serializedOperations.get(node);
  if (!operation) {
    operation = { query: JSON.stringify(node.operation), operationName: node.operationName === undefined ? '' : `,"operationName":${JSON.stringify(node.operationName)}` };
    serializedOperations.set(node, operation);
  }
  let variablesJson = JSON.stringify(variables);
  if (representations) variablesJson = `${variablesJson.slice(0, -1)}${variablesJson.length > 2 ? ',' : ''}"representations":[${representations.join(',')}]}`;
  return `{"query":${operation.query},"variables":${variablesJson}${operation.operationName}}`;
}

type ErrorPath = readonly (string | number)[] | undefined;

/**
 * Where a subgraph error belongs in the client's response: under its fetch's path, or, for an entity
 * (`_entities.<i>…`), at each place in the response that entity was taken from.
 */
function errorPaths(cursor: Cursor, targets: number[][] | undefined): (path: ErrorPath) => ((string | number)[] | undefined)[] {
  let concrete: (string | number)[][] | undefined;
  return (path) => {
    const index = path?.[1];
    if (targets && path && typeof index === 'number') {
      if (!concrete) {
        concrete = [];
        concretePaths([], cursor.path, 0, cursor.fullResult, concrete);
      }
      const rest = path.slice(2);
      const entities = targets[index] ?? [index];
      return entities.map((entity) => [...(concrete![entity] ?? []), ...rest]);
    }
    return [path ? [...cursor.path, ...path] : undefined];
  };
}

function downstreamError(error: GraphQLFormattedError, serviceName: string, path: (string | number)[] | undefined): GraphQLErrorType {
  const message = error.message || `Error while fetching subquery from service "${serviceName}"`;
  const options = { path, extensions: { ...error.extensions, serviceName } };
  const code = typeof error.extensions?.code === 'string' ? errorCodeDef(error.extensions.code) : undefined;
  if (!code && error.extensions?.code) return new GraphQLError(message, options);
  return (code ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
}
