import { buildOperationContext, executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import { operationFromDocument, type Schema } from '@apollo/federation-internals';
import type { QueryPlanner, FetchNode, QueryPlan } from '@apollo/query-planner';
import type { LoadedSupergraph } from './execution/federated-gateway.js';
import { GraphQLError, print, type DocumentNode, type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { WsCloseCode } from '@flowgraph/shared/http/graphql-ws-server';
import type { Logger } from '@flowgraph/shared/logger';
import { boundedIterate } from './bounded-subscription.js';
import { isLiveOnly, SharedSubscriptions, type LiveSubscriptionFields } from './shared-subscription.js';
import type { GatewayContext } from './subgraph-data-source.js';
import { UpstreamConnections, type UpstreamCaller } from './upstream-connections.js';

type RequestContext = Parameters<typeof executeQueryPlan>[2];

/** The service name the primary fetch is renamed to in the per-event plan, so it cannot clash with a real subgraph. */
const EVENT_SOURCE = '__subscription_event__';
/** Distinct operations whose plans are kept per supergraph. */
const PLAN_CACHE_SIZE = 500;

interface SupergraphState {
  planner: QueryPlanner;
  apiSchema: Schema;
  /** What clients validate against, as Apollo's gateway serves it. */
  apiGraphQLSchema: GraphQLSchema;
  supergraphSchema: GraphQLSchema;
  urls: Map<string, string>;
  /**
   * The data sources for this supergraph's URLs, built on first use. Per supergraph, not per
   * executor: a subscription that outlives a reload keeps executing on the supergraph it was
   * planned with, and must neither reach nor seed the data sources of a newer one.
   */
  services: Map<string, GraphQLDataSource>;
  /** Live-only subscriptions shared by operation, variables and credential; per supergraph, like `services`. */
  shared: SharedSubscriptions;
  plans: Map<string, QueryPlan>;
}

export interface SubscriptionExecutorOptions {
  /** Overrides of the supergraph's routing URLs (`http(s)://…/graphql`), as for HTTP fetches. */
  subgraphUrls: Record<string, string>;
  /** The data sources for the plan's non-primary fetches: the same HTTP sources queries use. */
  dataSource(name: string, url: string): GraphQLDataSource;
  logger: Logger;
  /** Per subscription, before SLOW_CONSUMER; default MAX_PENDING_EVENTS. */
  maxPendingEvents?: number | undefined;
  /**
   * Root fields whose streams start at "now" (see LiveSubscriptionFields). Subscriptions made only
   * of them, with the same operation, variables and credential, share one upstream subscription and
   * one execution of the plan per event. Empty: nothing is shared.
   */
  liveFields?: LiveSubscriptionFields | undefined;
}

/**
 * Executes operations arriving over graphql-ws at the gateway. @apollo/gateway plans subscriptions
 * (a SubscriptionNode: `primary` fetch + `rest`) but refuses to execute them, so:
 * 1. the operation is planned with the gateway's own QueryPlanner for the supergraph it serves;
 * 2. the primary fetch is opened as a graphql-ws subscription to the subgraph that owns the field,
 *    forwarding the caller's verified authorization;
 * 3. for each event, @apollo/gateway's own `executeQueryPlan` runs `Sequence[primary, rest]`, where the
 *    primary's service is a data source answering with the event instead of fetching. Entity
 *    fetches, result shaping and error handling are therefore exactly those of queries.
 * Queries and mutations sent over the socket run their plan directly.
 */
export class SubscriptionExecutor {
  private state: SupergraphState | undefined;
  private readonly connections = new UpstreamConnections();

  private upstreams = 0;

  constructor(private readonly options: SubscriptionExecutorOptions) {}

  /** Subscriptions open to subgraphs right now; with sharing, fewer than the clients' subscriptions. */
  get openUpstreams(): number {
    return this.upstreams;
  }

  /**
   * Called with every supergraph the gateway loads. Operations started afterwards are validated and
   * planned against it; subscriptions already live keep the plan (and routing) they started with,
   * and their upstream subgraph subscriptions are untouched.
   */
  update(loaded: LoadedSupergraph): void {
    const urls = new Map(loaded.supergraph.subgraphsMetadata().map(({ name, url }) => [name, this.options.subgraphUrls[name] ?? url]));
    this.state = {
      planner: loaded.planner,
      apiSchema: loaded.apiSchema,
      apiGraphQLSchema: loaded.apiGraphQLSchema,
      supergraphSchema: loaded.supergraphSchema,
      urls,
      services: new Map(),
      shared: new SharedSubscriptions(this.options.maxPendingEvents),
      plans: new Map(),
    };
  }

  get schema(): GraphQLSchema {
    if (!this.state) throw new Error('supergraph not loaded');
    return this.state.apiGraphQLSchema;
  }

  async close(): Promise<void> {
    await this.connections.close();
  }

  /** A client's connection was renewed: its upstream connections follow (see UpstreamConnections). */
  renewCredential(next: UpstreamCaller): number {
    return this.connections.renew(next);
  }

  /** graphql-ws's `execute` and `subscribe`: `args` was validated against `schema` already. */
  readonly run = async (args: ExecutionArgs): Promise<ExecutionResult | AsyncIterableIterator<ExecutionResult>> => {
    const state = this.state;
    if (!state) return { errors: [new GraphQLError('supergraph not loaded', { extensions: { code: 'SERVICE_UNAVAILABLE' } })] };
    const operationName = args.operationName ?? undefined;
    const operationContext = buildOperationContext({ schema: state.apiGraphQLSchema, operationDocument: args.document, operationName });
    const query = print(args.document);
    let plan: QueryPlan;
    try {
      plan = this.plan(state, query, args.document, operationName);
    } catch (error) {
      // A planning failure is this operation's error, not a reason to drop the caller's socket.
      return { errors: [error instanceof GraphQLError ? error : new GraphQLError(error instanceof Error ? error.message : 'Query planning failed')] };
    }
    const context = args.contextValue as GatewayContext;
    const variables = { ...(args.variableValues ?? {}) };
    // executeQueryPlan reads request.variables, context, logger and metrics of Apollo Server's request context.
    const requestContext = {
      request: { query, variables, operationName },
      document: args.document,
      operation: operationContext.operation,
      operationName: operationName ?? null,
      schema: state.apiGraphQLSchema,
      context,
      logger: this.options.logger,
      metrics: {},
    } as unknown as RequestContext;
    const execute = (queryPlan: QueryPlan, services: ServiceMap) =>
      executeQueryPlan(queryPlan, services, requestContext, operationContext, state.supergraphSchema, state.apiSchema) as Promise<ExecutionResult>;

    if (plan.node?.kind !== 'Subscription') return execute(plan, this.serviceMap(state));
    const { primary, rest } = plan.node;
    const url = state.urls.get(primary.serviceName);
    if (!url) return { errors: [new GraphQLError(`No URL for subgraph ${primary.serviceName}`)] };
    const primaryVariables = Object.fromEntries((primary.variableUsages ?? []).filter((name) => name in variables).map((name) => [name, variables[name]]));
    const eventPlan = (event: FormattedExecutionResult<Record<string, unknown>, unknown>): { plan: QueryPlan; services: ServiceMap } => {
      const eventFetch: FetchNode = { ...primary, serviceName: EVENT_SOURCE };
      const source: GraphQLDataSource = { process: () => Promise.resolve({ data: event.data ?? null, ...(event.errors ? { errors: event.errors } : {}) }) };
      return {
        plan: { kind: 'QueryPlan', node: { kind: 'Sequence', nodes: rest ? [eventFetch, rest] : [eventFetch] } },
        services: { ...this.serviceMap(state), [EVENT_SOURCE]: source },
      };
    };

    const open = (): AsyncIterableIterator<ExecutionResult> => {
      const lease = this.connections.lease(primary.serviceName, toWebSocketUrl(url), { auth: context.auth, authorization: context.authorization });
      this.upstreams += 1;
      const upstream = boundedIterate<Record<string, unknown>>(lease.client, { query: primary.operation, variables: primaryVariables, ...(primary.operationName ? { operationName: primary.operationName } : {}) }, this.options.maxPendingEvents);
      async function* events(): AsyncGenerator<ExecutionResult> {
        try {
          for await (const event of upstream) {
            // An event without data (e.g. the subgraph refused the subscription) has nothing to complete.
            if (!event.data) yield { errors: (event.errors ?? []).map(revive) };
            else {
              const { plan: perEvent, services } = eventPlan(event);
              yield await execute(perEvent, services);
            }
          }
        } catch (error) {
          // The subgraph ended it over the caller's credential (expired, revoked): the gateway's own check
          // closes the client's socket with the same code at the same moment, and that close, not an error
          // payload just before it, is what the client should see. An error follows only if it does not.
          if (isCredentialClose(error) && (await endsWithin(ended, CREDENTIAL_CLOSE_GRACE_MS))) return;
          yield { errors: [upstreamError(error)] };
        }
      }
      const stream = events();
      let released = false;
      let end = () => {};
      const ended = new Promise<void>((resolve) => (end = resolve));
      const stop = async () => {
        if (released) return;
        released = true;
        end();
        this.upstreams -= 1;
        await upstream.return?.();
        lease.release();
      };
      // `return` must end the upstream at once, even while the generator waits for its next event.
      const iterator: AsyncIterableIterator<ExecutionResult> = {
        next: async () => {
          const result = await stream.next();
          if (result.done) await stop();
          return result;
        },
        return: async () => {
          await stop();
          await stream.return(undefined);
          return { done: true, value: undefined };
        },
        [Symbol.asyncIterator]: () => iterator,
      };
      return iterator;
    };
    // The same stream for the same caller: share it instead of opening and executing it once per socket.
    if (this.options.liveFields && isLiveOnly(operationContext.operation, variables, this.options.liveFields)) {
      // Keyed by the credential, so each event is executed exactly as for any member; the first member's
      // context runs the plan, which differs from the others' only in the client address forwarded to subgraphs.
      return state.shared.join(JSON.stringify([requestContext.request.query, operationName ?? null, variables, context.authorization ?? null]), open);
    }
    return open();
  };

  /** Plans are cached per supergraph by operation text: many sockets send the same dashboard operation. */
  private plan(state: SupergraphState, query: string, document: DocumentNode, operationName: string | undefined): QueryPlan {
    const key = `${operationName ?? ''}\n${query}`;
    let plan = state.plans.get(key);
    if (plan) {
      state.plans.delete(key);
    } else {
      plan = state.planner.buildQueryPlan(operationFromDocument(state.apiSchema, document, { operationName }));
      if (state.plans.size >= PLAN_CACHE_SIZE) state.plans.delete(state.plans.keys().next().value!);
    }
    // Re-inserted: the map's order is least recently used first.
    state.plans.set(key, plan);
    return plan;
  }

  private serviceMap(state: SupergraphState): ServiceMap {
    const map: ServiceMap = Object.create(null) as ServiceMap;
    for (const [name, url] of state.urls) {
      let service = state.services.get(name);
      if (!service) {
        service = this.options.dataSource(name, url);
        state.services.set(name, service);
      }
      map[name] = service;
    }
    return map;
  }
}

/** How long a subscription the subgraph closed over the caller's credential waits for the gateway's own close. */
const CREDENTIAL_CLOSE_GRACE_MS = 5_000;

/** A close of the upstream socket with our credential codes (4401 revoked or invalid, 4403 expired). */
function isCredentialClose(error: unknown): boolean {
  const code = error && typeof error === 'object' && 'code' in error ? error.code : undefined;
  return code === WsCloseCode.Unauthorized || code === WsCloseCode.TokenExpired;
}

/** True when `ended` settles within `ms`. */
async function endsWithin(ended: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([ended.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A subgraph's serialized error, as a GraphQLError that keeps its code for the client. */
function revive(error: GraphQLFormattedError): GraphQLError {
  return new GraphQLError(error.message, { extensions: error.extensions ?? {}, ...(error.path ? { path: error.path } : {}) });
}

function toWebSocketUrl(httpUrl: string): string {
  const url = new URL(httpUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** graphql-ws rejects with validation errors (an array), a close event, or an Error. */
function upstreamError(error: unknown): GraphQLError {
  if (Array.isArray(error) && error[0] && typeof error[0] === 'object' && 'message' in error[0]) {
    const first = error[0] as { message: string; extensions?: Record<string, unknown> };
    return new GraphQLError(first.message, { extensions: first.extensions ?? {} });
  }
  if (error && typeof error === 'object' && 'code' in error && 'reason' in error) {
    const { code, reason } = error as { code: number; reason: string };
    return new GraphQLError(`Subgraph subscription closed (${code}${reason ? ` ${reason}` : ''})`, { extensions: { code: 'SUBGRAPH_SUBSCRIPTION_CLOSED', closeCode: code } });
  }
  // An Error's message here is a socket's or a library's (it may name an internal host): not for the client.
  return new GraphQLError('Subgraph subscription failed', { extensions: { code: 'SUBGRAPH_SUBSCRIPTION_FAILED' } });
}
