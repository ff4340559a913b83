import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { getOperationAST, OperationTypeNode, type ExecutionArgs } from 'graphql';
import type { GatewayContext } from './subgraph-data-source.js';

/** What ApolloServer runs operations through in gateway mode (@apollo/server-gateway-interface). */
export type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
export type GatewayExecutor = NonNullable<Awaited<ReturnType<GatewayInterface['load']>>['executor']>;
type GatewayRequestContext = Parameters<GatewayExecutor>[0];
type GatewayExecutionResult = Awaited<ReturnType<GatewayExecutor>>;

/**
 * Who an operation runs as, from the credential the gateway verified. Only requests with the same
 * `credential` share an execution; `principal` groups the credentials of one user or API key, so
 * that a mutation by them ends the sharing of everything they have in flight.
 */
export interface Caller {
  principal: string;
  credential: string;
}

/** The caller of a request: its verified bearer token (what the subgraphs receive), and who it names. */
export function gatewayCaller(context: GatewayContext): Caller {
  const { auth } = context;
  const principal = auth.kind === 'user' ? `${auth.tenantId}/${auth.client ?? 'user'}/${auth.userId}` : 'anonymous';
  return { principal, credential: context.authorization ?? '' };
}

/** The part of Apollo's CachePolicy a shared result's cache hints are copied with. */
interface CachePolicy {
  maxAge?: number | undefined;
  scope?: string | undefined;
  restrict(hint: { maxAge?: number | undefined; scope?: string | undefined }): void;
}

const isCachePolicy = (value: unknown): value is CachePolicy => typeof value === 'object' && value !== null && typeof (value as { restrict?: unknown }).restrict === 'function';

interface Execution {
  readonly result: Promise<GatewayExecutionResult>;
  /** The leader's policy, restricted by its subgraph fetches' Cache-Control as they answer. */
  readonly cachePolicy: unknown;
  followers: number;
}

/** JSON with every object's keys sorted: `{a,b}` and `{b,a}` are the same variables. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const fields = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson(record[key])}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A number per API schema the server has validated against. Apollo Server 5's `schemaHash` is one
 * constant string, so the schema object itself tells a reloaded supergraph from the one before.
 */
const schemaIds = new WeakMap<object, number>();
let schemasSeen = 0;

function schemaId(schema: object): number {
  let id = schemaIds.get(schema);
  if (id === undefined) {
    id = ++schemasSeen;
    schemaIds.set(schema, id);
  }
  return id;
}

/**
 * The schema the request was validated against (a reload starts new executions), the document (by the
 * hash Apollo computes from its source), the operation and its variables.
 */
function operationKey(credential: string, requestContext: GatewayRequestContext): string | undefined {
  try {
    return JSON.stringify([credential, schemaId(requestContext.schema), requestContext.queryHash, requestContext.operationName, stableJson(requestContext.request.variables ?? {})]);
  } catch {
    // Variables too deeply nested to serialise here (the HTTP layer bounds nesting, graphql-ws may not): run unshared.
    return undefined;
  }
}

/**
 * ApolloServer builds each response around the result's objects (`{ ...result, errors }`) and plugins
 * may add extensions: every request gets its own top-level result, errors list and extensions.
 * `data` is shared; nothing in the gateway writes to it after execution.
 */
function ownCopy(result: GatewayExecutionResult): GatewayExecutionResult {
  const copy: GatewayExecutionResult = { ...result };
  if (result.errors) copy.errors = [...result.errors];
  if (result.extensions) copy.extensions = { ...result.extensions };
  return copy;
}

/**
 * In-flight deduplication of identical queries: requests with the same document, operation name,
 * variables and verified credential share one execution while it runs (never mutations or
 * subscriptions). Keyed on the credential, so no response crosses users or tenants; a caller's
 * mutation detaches their in-flight queries, so a query sent after the mutation's response never
 * joins one that started before it. Followers get the leader's result (or its failure) and its
 * cache hints. The client address (`x-forwarded-for`) is not part of the key: subgraphs use it
 * only for identity's login throttling, a mutation.
 *
 * Memory: only running executions are held, one per distinct key, removed as they settle; each
 * follower is a request the server is serving anyway, bounded by its connection and rate limits.
 */
export class InflightQueries<TContext> {
  private readonly byPrincipal = new Map<string, Map<string, Execution>>();

  constructor(private readonly callerOf: (context: TContext) => Caller | undefined) {}

  /** Shared executions running now and the requests waiting on them besides their leaders (for tests and health). */
  stats(): { executing: number; following: number } {
    let executing = 0;
    let following = 0;
    for (const executions of this.byPrincipal.values()) {
      for (const execution of executions.values()) {
        executing += 1;
        following += execution.followers;
      }
    }
    return { executing, following };
  }

  /** `gateway` with its executor wrapped, for ApolloServer's `gateway` option. */
  sharing(gateway: GatewayInterface): GatewayInterface {
    return {
      onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
      load: async (options) => {
        const loaded = await gateway.load(options);
        return { ...loaded, executor: loaded.executor && this.wrap(loaded.executor) };
      },
      stop: () => gateway.stop(),
    };
  }

  wrap(executor: GatewayExecutor): GatewayExecutor {
    return async (requestContext) => {
      // ApolloServer types the context loosely; it is the one the server's context function built.
      const caller = this.callerOf(requestContext.context as TContext);
      if (!caller) return executor(requestContext);
      const kind = requestContext.operation.operation;
      if (kind !== OperationTypeNode.QUERY) {
        try {
          return await executor(requestContext);
        } finally {
          // Queries started before the mutation ended may have read what it changed: later ones start afresh.
          if (kind === OperationTypeNode.MUTATION) this.byPrincipal.delete(caller.principal);
        }
      }
      const key = operationKey(caller.credential, requestContext);
      if (key === undefined) return executor(requestContext);
      const running = this.byPrincipal.get(caller.principal)?.get(key);
      return running ? this.follow(running, requestContext) : this.lead(caller.principal, key, executor, requestContext);
    };
  }

  /**
   * Runs an operation that does not go through the wrapped executor (graphql-ws's `execute`); a
   * mutation sent that way still detaches its caller's in-flight queries.
   */
  async detachingAfterMutation<T>(args: ExecutionArgs, run: (args: ExecutionArgs) => Promise<T>): Promise<T> {
    try {
      return await run(args);
    } finally {
      if (getOperationAST(args.document, args.operationName)?.operation === OperationTypeNode.MUTATION) {
        // graphql-ws hands on the context its server's context function built.
        const caller = this.callerOf(args.contextValue as TContext);
        if (caller) this.byPrincipal.delete(caller.principal);
      }
    }
  }

  private async lead(principal: string, key: string, executor: GatewayExecutor, requestContext: GatewayRequestContext): Promise<GatewayExecutionResult> {
    let executions = this.byPrincipal.get(principal);
    if (!executions) {
      executions = new Map();
      this.byPrincipal.set(principal, executions);
    }
    const execution: Execution = { result: (async () => executor(requestContext))(), cachePolicy: requestContext.overallCachePolicy, followers: 0 };
    executions.set(key, execution);
    try {
      return ownCopy(await execution.result);
    } finally {
      // A mutation may have detached this map (and a new one may hold a newer execution of the key).
      if (executions.get(key) === execution) executions.delete(key);
      if (executions.size === 0 && this.byPrincipal.get(principal) === executions) this.byPrincipal.delete(principal);
    }
  }

  private async follow(execution: Execution, requestContext: GatewayRequestContext): Promise<GatewayExecutionResult> {
    execution.followers += 1;
    try {
      const result = await execution.result;
      const from = execution.cachePolicy;
      const to: unknown = requestContext.overallCachePolicy;
      if (isCachePolicy(from) && isCachePolicy(to)) to.restrict({ maxAge: from.maxAge, scope: from.scope });
      return ownCopy(result);
    } finally {
      execution.followers -= 1;
    }
  }
}
