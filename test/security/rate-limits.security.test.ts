import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '@flowgraph/gateway';
import { demo, type StartedSubgraph } from '@flowgraph/shared';
import { workflowsSubgraph } from '@flowgraph/workflows';
import { login } from '../support/e2e.js';
import { manifestOf } from '../support/persisted-operations.js';
import { startLiveCluster, type LiveCluster } from '../support/live-platform.js';

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function ask(gateway: RunningGateway, query: string, headers: Record<string, string> = {}, variables?: unknown): Promise<Answer> {
  const response = await fetch(`${gateway.url}/`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

const WINDOW = 3;

describe('rate limits at the gateway', () => {
  let cluster: LiveCluster;
  let routes: Record<string, StartedSubgraph>;
  let one: RunningGateway;
  let two: RunningGateway;
  let subgraphRequests = 0;

  beforeAll(async () => {
    cluster = await startLiveCluster();
    const workflows = await cluster.start(workflowsSubgraph());
    routes = { identity: cluster.identity, workflows };
    for (const subgraph of Object.values(routes)) subgraph.server.on('request', () => subgraphRequests++);
    const rateLimits = { windowSeconds: WINDOW, address: 1_000, user: 5, apiKey: 4 };
    one = await cluster.gateway(routes, { rateLimits });
    two = await cluster.gateway(routes, { rateLimits });
  }, 120_000);
  afterAll(() => cluster?.close());

  it('holds a person to one budget across two gateway instances sharing Redis, answers 429, and gives the budget back as the window slides', async () => {
    const bearer = { authorization: `Bearer ${await login(`${one.url}/`)}` };
    const served: Answer[] = [];
    for (let i = 0; i < 5; i++) served.push(await ask(i % 2 ? two : one, `{ me { email } }`, bearer));
    for (const answer of served) expect(answer.body.errors).toBeUndefined();
    expect(served.map((answer) => Number(answer.headers.get('ratelimit-remaining')))).toEqual([4, 3, 2, 1, 0]);
    expect(served[0]!.headers.get('ratelimit-limit')).toBe('5');

    const before = subgraphRequests;
    const refused = await ask(two, `{ me { email } }`, bearer);
    expect(refused.status).toBe(429);
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const retryAfter = refused.body.errors?.[0]?.extensions?.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    // A sliding window: the five requests weigh fully until their window ends, then one fifth must slide out.
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(WINDOW * (1 + 1 / 5)));
    expect(refused.headers.get('retry-after')).toBe(String(retryAfter));
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(subgraphRequests - before).toBe(0);

    // retryAfter seconds later, one request fits again.
    const deadline = Date.now() + 30_000;
    let again = refused;
    while (again.status === 429 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      again = await ask(one, `{ me { email } }`, bearer);
    }
    expect(again.status).toBe(200);
    expect(again.body.errors).toBeUndefined();
  }, 60_000);

  it('holds a partner API key to its own budget across both instances', async () => {
    const admin = { authorization: `Bearer ${await login(`${one.url}/`, demo.users.admin.email)}` };
    // Its client's list (enforced) holds the one operation it sends.
    const published = await ask(one, `mutation($c: String!, $m: PersistedQueryManifestInput!) { publishPersistedQueryManifest(clientName: $c, manifest: $m) { activeVersion } }`, admin, {
      c: 'limited-partner',
      m: manifestOf([`{ specifications { name } }`]),
    });
    expect(published.body.errors).toBeUndefined();
    const created = await ask(one, `mutation { createApiKey(input: { name: "Limited partner", role: VIEWER, scopes: [], clientName: "limited-partner" }) { secret } }`, admin);
    const secret = (created.body.data as { createApiKey: { secret: string } }).createApiKey.secret;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await ask(i % 2 ? one : two, `{ specifications { name } }`, { 'x-api-key': secret })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it('falls back to a per-instance budget when Redis is unreachable, failing open but still bounded', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 1_000, lazyConnect: false });
    unreachable.on('error', () => undefined);
    try {
      const alone = await cluster.gateway(routes, { rateLimits: { windowSeconds: WINDOW, address: 1_000, user: 3, apiKey: 3 }, redis: unreachable });
      const bearer = { authorization: `Bearer ${await login(`${alone.url}/`)}` };
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await ask(alone, `{ me { email } }`, bearer)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      unreachable.disconnect();
    }
  });
});
