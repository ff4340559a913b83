import { createClient, type FormattedExecutionResult } from 'graphql-ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MemoryCache } from '@flowgraph/shared/cache/memory-cache';
import { createLogger } from '@flowgraph/shared/logger';
import { postGraphQL, type GraphQLResponse } from '../../test/support/http.js';
import { gatewayConfigFromEnv } from './config.js';
import { startGateway, type RunningGateway } from './gateway.js';
import { AUDIENCE, ISSUER, startGatedSubgraph, type GatedSubgraph } from './testing/gated-subgraph.js';

interface Reading {
  caller: string;
  execution: number;
  tag: string | null;
}

const READING = `query Reading($tag: String, $options: ReadingOptions) { reading(tag: $tag, options: $options) { caller execution tag } }`;
const TOUCH = `mutation Touch($tag: String) { touch(tag: $tag) { caller execution tag } }`;
const POLL = { timeout: 20_000, interval: 20 };

/** One operation over graphql-ws, as an application's websocket client would send it. */
async function overWebSocket(gateway: RunningGateway, query: string, variables: Record<string, unknown>, token: string): Promise<FormattedExecutionResult<{ touch: Reading }, unknown>> {
  const client = createClient({ url: `${gateway.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  try {
    return await new Promise((resolve, reject) => {
      let result: FormattedExecutionResult<{ touch: Reading }, unknown> | undefined;
      client.subscribe<{ touch: Reading }>({ query, variables }, { next: (value) => (result = value), error: reject, complete: () => (result ? resolve(result) : reject(new Error('no result'))) });
    });
  } finally {
    await client.dispose();
  }
}

describe('in-flight query deduplication through the gateway', () => {
  let subgraph: GatedSubgraph;
  let sharing: RunningGateway;
  let unshared: RunningGateway;
  let alice: string;

  const start = (inflightDedup: boolean) => {
    const config = gatewayConfigFromEnv({ GATEWAY_INFLIGHT_DEDUP: inflightDedup ? 'on' : 'off' });
    return startGateway(
      {
        ...config,
        logLevel: 'silent',
        host: '127.0.0.1',
        port: 0,
        supergraphPath: subgraph.supergraphPath,
        watchSupergraph: false,
        auth: { ...config.auth, jwksUrl: subgraph.jwksUrl, issuer: ISSUER, audience: AUDIENCE },
      },
      { logger: createLogger('gateway', 'silent'), cache: new MemoryCache() },
    );
  };

  beforeAll(async () => {
    subgraph = await startGatedSubgraph();
    [sharing, unshared] = await Promise.all([start(true), start(false)]);
    alice = await subgraph.token('alice', 'tenant-a');
  });
  afterAll(async () => {
    await Promise.all([sharing?.close(), unshared?.close()]);
    await subgraph?.close();
  });
  beforeEach(() => subgraph.hold());

  const send = <T = { reading: Reading }>(gateway: RunningGateway, query: string, variables: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>> =>
    postGraphQL<T>(`${gateway.url}/`, query, { variables, ...(token ? { token } : {}) });

  it('runs identical concurrent queries of one user once and answers each of them with its result', async () => {
    const before = subgraph.executions();
    // The same variables, written in another key order by half of the clients.
    const variables = (i: number) => (i % 2 ? { tag: 't', options: { a: 1, b: 2 } } : { options: { b: 2, a: 1 }, tag: 't' });
    const responses = Array.from({ length: 6 }, (_, i) => send(sharing, READING, variables(i), alice));
    // Every request has joined, and the one execution has reached the subgraph (where it waits).
    await expect.poll(() => [sharing.inflightQueries(), subgraph.executions() - before], POLL).toEqual([{ executing: 1, following: 5 }, 1]);
    subgraph.open();
    const answers = await Promise.all(responses);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: { reading: { caller: 'tenant-a/alice', execution: before + 1, tag: 't' } } });
    }
    expect(subgraph.executions() - before).toBe(1);
    expect(sharing.inflightQueries()).toEqual({ executing: 0, following: 0 });
  });

  it('never shares between users, tenants or anonymous callers: each gets its own data', async () => {
    const bob = await subgraph.token('bob', 'tenant-a');
    const aliceElsewhere = await subgraph.token('alice', 'tenant-b');
    const before = subgraph.executions();
    const callers = [alice, bob, aliceElsewhere, undefined];
    const responses = callers.map((token) => send(sharing, READING, { tag: 'same' }, token));
    await expect.poll(() => subgraph.executions() - before, POLL).toBe(4);
    subgraph.open();
    const answers = await Promise.all(responses);
    expect(answers.map((a) => a.body.data?.reading.caller)).toEqual(['tenant-a/alice', 'tenant-a/bob', 'tenant-b/alice', 'anonymous']);
    expect(new Set(answers.map((a) => a.body.data?.reading.execution)).size).toBe(4);
  });

  it('does not share queries whose variables differ', async () => {
    const before = subgraph.executions();
    const responses = [send(sharing, READING, { tag: 'x' }, alice), send(sharing, READING, { tag: 'y' }, alice)];
    await expect.poll(() => subgraph.executions() - before, POLL).toBe(2);
    subgraph.open();
    expect((await Promise.all(responses)).map((a) => a.body.data?.reading.tag)).toEqual(['x', 'y']);
  });

  it('never shares mutations', async () => {
    const before = subgraph.executions();
    const responses = Array.from({ length: 4 }, () => send<{ touch: Reading }>(sharing, TOUCH, { tag: 'm' }, alice));
    await expect.poll(() => subgraph.executions() - before, POLL).toBe(4);
    expect(sharing.inflightQueries()).toEqual({ executing: 0, following: 0 });
    subgraph.open();
    const answers = await Promise.all(responses);
    expect(new Set(answers.map((a) => a.body.data?.touch.execution)).size).toBe(4);
  });

  it.each(['HTTP', 'graphql-ws'])("does not let a query sent after a caller's mutation over %s join one that started before it", async (transport) => {
    const before = subgraph.executions();
    const earlier = send(sharing, READING, { tag: 'r' }, alice);
    await expect.poll(() => [sharing.inflightQueries(), subgraph.executions() - before], POLL).toEqual([{ executing: 1, following: 0 }, 1]);
    const mutation = transport === 'HTTP' ? (await send<{ touch: Reading }>(sharing, TOUCH, { tag: 'instant' }, alice)).body : await overWebSocket(sharing, TOUCH, { tag: 'instant' }, alice);
    expect(mutation.errors).toBeUndefined();
    expect(mutation.data?.touch.caller).toBe('tenant-a/alice');
    const later = send(sharing, READING, { tag: 'r' }, alice);
    await expect.poll(() => subgraph.executions() - before, POLL).toBe(3);
    subgraph.open();
    const [first, second] = await Promise.all([earlier, later]);
    expect(first.body.data?.reading.execution).toBe(before + 1);
    expect(second.body.data?.reading.execution).toBe(before + 3);
  });

  it('delivers a failed execution to every request that shared it, with its code', async () => {
    const before = subgraph.executions();
    const responses = Array.from({ length: 5 }, () => send(sharing, READING, { tag: 'refuse' }, alice));
    await expect.poll(() => [sharing.inflightQueries(), subgraph.executions() - before], POLL).toEqual([{ executing: 1, following: 4 }, 1]);
    subgraph.open();
    for (const answer of await Promise.all(responses)) {
      expect(answer.body.data).toBeNull();
      expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
    expect(subgraph.executions() - before).toBe(1);
  });

  it('runs every request when GATEWAY_INFLIGHT_DEDUP=off', async () => {
    const before = subgraph.executions();
    const responses = Array.from({ length: 4 }, () => send(unshared, READING, { tag: 't' }, alice));
    await expect.poll(() => subgraph.executions() - before, POLL).toBe(4);
    expect(unshared.inflightQueries()).toEqual({ executing: 0, following: 0 });
    subgraph.open();
    const answers = await Promise.all(responses);
    expect(new Set(answers.map((a) => a.body.data?.reading.execution)).size).toBe(4);
    expect(answers.every((a) => a.body.data?.reading.caller === 'tenant-a/alice')).toBe(true);
  });
});
