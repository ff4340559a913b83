import { GraphQLError, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { InflightQueries, type Caller, type GatewayExecutor } from './inflight-queries.js';

type RequestContext = Parameters<GatewayExecutor>[0];
type Result = Awaited<ReturnType<GatewayExecutor>>;

/** Apollo's CachePolicy as far as the gateway's data sources use it. */
function cachePolicy() {
  return {
    maxAge: undefined as number | undefined,
    scope: undefined as string | undefined,
    restrict(hint: { maxAge?: number | undefined; scope?: string | undefined }) {
      if (hint.maxAge !== undefined && (this.maxAge === undefined || hint.maxAge < this.maxAge)) this.maxAge = hint.maxAge;
      if (hint.scope !== undefined && this.scope !== 'PRIVATE') this.scope = hint.scope;
    },
  };
}

/** The API schema a request was validated against: only its identity matters here. */
const SCHEMA = { name: 'the schema served' };

function request(source: string, variables: Record<string, unknown>, caller: Caller | undefined, overallCachePolicy = cachePolicy(), schema: object = SCHEMA): RequestContext {
  const operation = parse(source).definitions[0] as OperationDefinitionNode;
  return {
    context: { caller },
    source,
    queryHash: `hash:${source}`,
    // Apollo Server 5 sets this one constant for every schema.
    schemaHash: 'schemaHash no longer exists since Apollo Server 4',
    schema,
    operationName: operation.name?.value ?? null,
    operation,
    request: { query: source, variables },
    overallCachePolicy,
  } as unknown as RequestContext;
}

/** An executor whose executions wait until the test settles them. */
function heldExecutor() {
  const pending: { resolve: (result: Result) => void; reject: (error: unknown) => void; context: RequestContext }[] = [];
  const executor: GatewayExecutor = (context) => new Promise<Result>((resolve, reject) => pending.push({ resolve, reject, context }));
  return { executor, pending };
}

const alice: Caller = { principal: 't/alice', credential: 'Bearer a' };
const QUERY = 'query Q($n: Int) { n(n: $n) }';

describe('InflightQueries', () => {
  const inflight = () => new InflightQueries<{ caller: Caller | undefined }>(({ caller }) => caller);

  it("delivers the leader's thrown failure to every follower, and executes afresh afterwards", async () => {
    const queries = inflight();
    const { executor, pending } = heldExecutor();
    const run = queries.wrap(executor);
    const waiting = [run(request(QUERY, { n: 1 }, alice)), run(request(QUERY, { n: 1 }, alice)), run(request(QUERY, { n: 1 }, alice))];
    expect(pending).toHaveLength(1);
    expect(queries.stats()).toEqual({ executing: 1, following: 2 });
    const failure = new GraphQLError('Service unavailable', { extensions: { code: 'SERVICE_UNAVAILABLE' } });
    pending[0]!.reject(failure);
    const outcomes = await Promise.allSettled(waiting);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as GraphQLError).extensions.code : 'fulfilled'))).toEqual(['SERVICE_UNAVAILABLE', 'SERVICE_UNAVAILABLE', 'SERVICE_UNAVAILABLE']);
    expect(queries.stats()).toEqual({ executing: 0, following: 0 });

    const again = run(request(QUERY, { n: 1 }, alice));
    expect(pending).toHaveLength(2);
    pending[1]!.resolve({ data: { n: 1 } });
    expect(await again).toEqual({ data: { n: 1 } });
  });

  it('gives every request its own result, errors and extensions to build its response from', async () => {
    const queries = inflight();
    const { executor, pending } = heldExecutor();
    const run = queries.wrap(executor);
    const waiting = [run(request(QUERY, { n: 2 }, alice)), run(request(QUERY, { n: 2 }, alice))];
    pending[0]!.resolve({ data: { n: null }, errors: [new GraphQLError('no', { extensions: { code: 'FORBIDDEN' } })], extensions: { cost: 1 } });
    const [leader, follower] = await Promise.all(waiting);
    expect(follower).toEqual(leader);
    leader!.extensions!.added = true;
    (leader!.errors as GraphQLError[]).push(new GraphQLError('more'));
    expect(follower!.extensions).toEqual({ cost: 1 });
    expect(follower!.errors).toHaveLength(1);
  });

  it("gives followers the leader's cache hints", async () => {
    const queries = inflight();
    const { executor, pending } = heldExecutor();
    const run = queries.wrap(executor);
    const [leaderPolicy, followerPolicy] = [cachePolicy(), cachePolicy()];
    const waiting = [run(request(QUERY, { n: 3 }, alice, leaderPolicy)), run(request(QUERY, { n: 3 }, alice, followerPolicy))];
    // A subgraph answered `Cache-Control: max-age=30, private` to the leader's fetch.
    leaderPolicy.restrict({ maxAge: 30, scope: 'PRIVATE' });
    pending[0]!.resolve({ data: { n: 3 } });
    await Promise.all(waiting);
    expect({ maxAge: followerPolicy.maxAge, scope: followerPolicy.scope }).toEqual({ maxAge: 30, scope: 'PRIVATE' });
  });

  it('runs a query validated against a reloaded supergraph apart from the same query still running on the one before', async () => {
    const queries = inflight();
    const { executor, pending } = heldExecutor();
    const run = queries.wrap(executor);
    const before = run(request(QUERY, { n: 5 }, alice));
    const reloaded = { name: 'the schema of the reloaded supergraph' };
    const after = [run(request(QUERY, { n: 5 }, alice, cachePolicy(), reloaded)), run(request(QUERY, { n: 5 }, alice, cachePolicy(), reloaded))];
    expect(pending).toHaveLength(2);
    expect(queries.stats()).toEqual({ executing: 2, following: 1 });
    pending[0]!.resolve({ data: { n: 'old' } });
    pending[1]!.resolve({ data: { n: 'new' } });
    expect(await before).toEqual({ data: { n: 'old' } });
    expect(await Promise.all(after)).toEqual([{ data: { n: 'new' } }, { data: { n: 'new' } }]);
  });

  it('runs unshared what has no caller, what differs in credential, and mutations', async () => {
    const queries = inflight();
    const { executor, pending } = heldExecutor();
    const run = queries.wrap(executor);
    void run(request(QUERY, { n: 4 }, undefined));
    void run(request(QUERY, { n: 4 }, undefined));
    void run(request(QUERY, { n: 4 }, { ...alice, credential: 'Bearer other-token-of-alice' }));
    void run(request(QUERY, { n: 4 }, alice));
    void run(request('mutation M { m }', {}, alice));
    void run(request('mutation M { m }', {}, alice));
    expect(pending).toHaveLength(6);
    for (const { resolve } of pending) resolve({ data: {} });
  });
});
