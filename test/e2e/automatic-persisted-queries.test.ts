import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '@flowgraph/gateway';
import { workflowsSubgraph } from '@flowgraph/workflows';
import { login } from '../support/e2e.js';
import { startLiveCluster, type LiveCluster } from '../support/live-platform.js';

interface Answer {
  status: number;
  body: { data?: { me?: { email: string }; __typename?: string } | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(gateway: RunningGateway, body: unknown, token: string | undefined): Promise<Answer> {
  const response = await fetch(`${gateway.url}/`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

describe('automatic persisted queries for first-party clients', () => {
  let cluster: LiveCluster;
  let one: RunningGateway;
  let two: RunningGateway;

  beforeAll(async () => {
    cluster = await startLiveCluster();
    const routes = { identity: cluster.identity, workflows: await cluster.start(workflowsSubgraph()) };
    one = await cluster.gateway(routes);
    two = await cluster.gateway(routes);
  }, 120_000);
  afterAll(() => cluster?.close());

  it('asks for an unknown hash, registers the query by hash, and serves it by hash from another instance', async () => {
    const token = await login(`${one.url}/`);
    const query = `query Me { me { email } } # ${crypto.randomUUID()}`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const persistedQuery = { version: 1, sha256Hash };

    const unknown = await post(one, { extensions: { persistedQuery } }, token);
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const registered = await post(one, { query, extensions: { persistedQuery } }, token);
    expect(registered.body.data?.me?.email).toBeDefined();

    const byHash = await post(two, { extensions: { persistedQuery } }, token);
    expect(byHash.body.errors).toBeUndefined();
    expect(byHash.body.data?.me?.email).toBe(registered.body.data?.me?.email);
  });

  it('answers an anonymous query sent with its hash without registering it, and a document over 64 KB likewise', async () => {
    const anonymous = `query Anonymous { __typename } # ${crypto.randomUUID()}`;
    const anonymousHash = { version: 1, sha256Hash: createHash('sha256').update(anonymous).digest('hex') };
    const answered = await post(one, { query: anonymous, extensions: { persistedQuery: anonymousHash } }, undefined);
    expect(answered.body).toEqual({ data: { __typename: 'Query' } });
    const token = await login(`${one.url}/`);
    expect((await post(two, { extensions: { persistedQuery: anonymousHash } }, token)).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    // Comments do not count against the token limit: only the length bounds what a hash may store.
    const long = `query Me { me { email } } # ${crypto.randomUUID()} ${'x'.repeat(70_000)}`;
    const longHash = { version: 1, sha256Hash: createHash('sha256').update(long).digest('hex') };
    expect((await post(one, { query: long, extensions: { persistedQuery: longHash } }, token)).body.data?.me?.email).toBeDefined();
    expect((await post(two, { extensions: { persistedQuery: longHash } }, token)).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('refuses a query whose hash does not match it', async () => {
    const token = await login(`${one.url}/`);
    const forged = await post(one, { query: `{ me { email } }`, extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }, token);
    expect(forged.status).toBe(400);
    expect(forged.body.errors?.[0]?.message).toMatch(/does not match/);
    const stillUnknown = await post(two, { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }, token);
    expect(stillUnknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});
