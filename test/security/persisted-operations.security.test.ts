import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { login } from '../support/e2e.js';
import { postGraphQL } from '../support/http.js';
import { startLivePlatform, type LivePlatform } from '../support/live-platform.js';
import { asPartner, boundApiKey, eventually, manifestOf, publish, setPolicy, sha256 } from '../support/persisted-operations.js';

const LISTED = `query Listed { tenant { id } }`;

describe('persisted operations and the cost limit refuse hostile requests before planning', { timeout: 180_000 }, () => {
  let platform: LivePlatform;
  let admin: string;
  /** GraphQL requests the subgraphs received (identity's token exchange and list routes are not GraphQL). */
  let subgraphOperations = 0;

  beforeAll(async () => {
    platform = await startLivePlatform();
    admin = await login(platform.url, demo.users.admin.email);
    for (const subgraph of Object.values(platform.subgraphs)) {
      subgraph.server.on('request', (req: { url?: string }) => {
        if (req.url?.startsWith('/graphql')) subgraphOperations++;
      });
    }
  }, 180_000);
  afterAll(() => platform?.close());

  type Clients = { persistedQueryClients: { name: string; policy: string; unlistedOperations: { hash: string }[] }[] };
  const clientsOf = () => postGraphQL<Clients>(platform.url, `{ persistedQueryClients { name policy unlistedOperations { hash } } }`, { token: admin });

  it('a key with no published list is enforced: text is OPERATION_NOT_ALLOWED, a hash PERSISTED_QUERY_NOT_FOUND, nothing reaches a subgraph', async () => {
    const key = await boundApiKey(platform.url, admin, 'fresh-client');
    const before = subgraphOperations;
    const text = await asPartner(platform.url, key, { query: LISTED });
    expect(text.status).toBe(400);
    expect(text.body.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_NOT_ALLOWED', clientName: 'fresh-client', hash: sha256(LISTED) });
    expect(text.body.data ?? undefined).toBeUndefined();
    expect((await asPartner(platform.url, key, { hash: sha256(LISTED) })).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const mutation = await asPartner(platform.url, key, { query: `mutation { logout }` });
    expect(mutation.body.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_ALLOWED');
    expect(subgraphOperations - before).toBe(0);
    // The counter does count: a person's query reaches identity.
    expect((await postGraphQL(platform.url, LISTED, { token: admin })).body.errors).toBeUndefined();
    expect(subgraphOperations - before).toBeGreaterThan(0);
    const client = (await clientsOf()).body.data?.persistedQueryClients.find((c) => c.name === 'fresh-client');
    expect(client).toMatchObject({ policy: 'ENFORCE', unlistedOperations: [] });
  });

  it('a key cannot be created without a client name: BAD_USER_INPUT, and no key is made', async () => {
    const create = (input: Record<string, unknown>) =>
      postGraphQL<{ createApiKey: { secret: string } }>(platform.url, `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { token: admin, variables: { i: input } });
    const missing = await create({ name: 'Unbound', role: 'VIEWER' });
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(missing.body.data ?? null).toBeNull();
    const invalid = await create({ name: 'Unbound', role: 'VIEWER', clientName: 'Not A Client' });
    expect(invalid.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clientName' });
    const keys = await postGraphQL<{ apiKeys: { name: string }[] }>(platform.url, `{ apiKeys { name } }`, { token: admin });
    expect(keys.body.data?.apiKeys.map((k) => k.name)).not.toContain('Unbound');
  });

  it('an admin sets LOG: unlisted operations run and are recorded; OFF: anything runs, nothing is recorded', async () => {
    const key = await boundApiKey(platform.url, admin, 'building-its-list');
    const logged = `query Logged { tenant { id } } # ${crypto.randomUUID()}`;
    expect((await asPartner(platform.url, key, { query: logged })).body.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_ALLOWED');
    expect((await setPolicy(platform.url, admin, 'building-its-list', 'LOG')).body.data).toEqual({ setPersistedQueryPolicy: { policy: 'LOG' } });
    // The running gateway notices the change within its poll of the epoch.
    const ran = await eventually(() => asPartner(platform.url, key, { query: logged }), (answer) => answer.body.errors === undefined, 30_000);
    expect(ran.body.data).toHaveProperty('tenant.id');
    await eventually(clientsOf, (answer) => Boolean(answer.body.data?.persistedQueryClients.find((c) => c.name === 'building-its-list')?.unlistedOperations.some((op) => op.hash === sha256(logged))), 30_000);

    expect((await setPolicy(platform.url, admin, 'building-its-list', 'OFF')).body.data).toEqual({ setPersistedQueryPolicy: { policy: 'OFF' } });
    const anything = `query Anything { me { email } tenant { id } } # ${crypto.randomUUID()}`;
    const free = await eventually(() => asPartner(platform.url, key, { query: anything }), (answer) => answer.body.errors === undefined, 30_000);
    expect(free.body.data).toHaveProperty('tenant.id');
    const recorded = (await clientsOf()).body.data?.persistedQueryClients.find((c) => c.name === 'building-its-list');
    expect(recorded?.policy).toBe('OFF');
    expect(recorded?.unlistedOperations.map((op) => op.hash)).not.toContain(sha256(anything));

    expect((await setPolicy(platform.url, admin, 'building-its-list', 'ENFORCE')).body.errors).toBeUndefined();
    const refused = await eventually(() => asPartner(platform.url, key, { query: anything }), (answer) => answer.body.errors?.[0]?.extensions?.code === 'OPERATION_NOT_ALLOWED', 30_000);
    expect(refused.status).toBe(400);
  });

  it('a hash registered through APQ by a person is not served to an enforced partner', async () => {
    const user = await login(platform.url);
    const query = `query Registered { me { email } } # ${crypto.randomUUID()}`;
    const hash = createHash('sha256').update(query).digest('hex');
    const registered = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user}` },
      body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    });
    expect(((await registered.json()) as { data?: unknown }).data).toBeTruthy();
    const key = await boundApiKey(platform.url, admin, 'apq-probe');
    expect((await asPartner(platform.url, key, { hash })).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it("another tenant's client of the same name does not get this tenant's list", async () => {
    expect((await publish(platform.url, admin, 'shared-name', manifestOf([LISTED]))).body.data?.publishPersistedQueryManifest.activeVersion).toBe(1);
    const mine = await boundApiKey(platform.url, admin, 'shared-name');
    expect((await asPartner(platform.url, mine, { hash: sha256(LISTED) })).body.data).toHaveProperty('tenant.id');
    const signUp = await postGraphQL<{ signUp: { accessToken: string } }>(platform.url, `mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }`, {
      variables: { i: { tenantName: 'Other', tenantSlug: `pq-${crypto.randomUUID().slice(0, 8)}`, email: `pq-${crypto.randomUUID()}@example.com`, name: 'Other admin', password: 'a-long-enough-password' } },
    });
    const otherAdmin = signUp.body.data?.signUp.accessToken;
    expect(otherAdmin, JSON.stringify(signUp.body.errors)).toBeTruthy();
    const theirs = await boundApiKey(platform.url, otherAdmin!, 'shared-name');
    expect((await asPartner(platform.url, theirs, { hash: sha256(LISTED) })).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('only admins publish, and a manifest whose id is not the sha256 of its body is refused', async () => {
    const user = await login(platform.url);
    const denied = await publish(platform.url, user, 'any-client', manifestOf([LISTED]));
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const forged = manifestOf([LISTED]);
    forged.operations[0]!.body = `query Listed { tenant { id name } }`;
    const refused = await publish(platform.url, admin, 'any-client', forged);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'manifest' });
  });

  it('an operation whose estimated cost is over budget is OPERATION_TOO_COMPLEX with the estimate', async () => {
    const user = await login(platform.url);
    // The connection 1 + 100 edges × (edge 1 + case 1 + 20 work items + 50 history events) = 7,201 > 5,000.
    const answer = await postGraphQL(platform.url, `{ cases(first: 100) { edges { node { id workItems { id } history { type } } } } }`, { token: user });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_TOO_COMPLEX', limit: 'cost', max: 5_000, measured: 7_201 });
    const cheap = await postGraphQL(platform.url, `{ cases(first: 5) { edges { node { id } } } }`, { token: user });
    expect(cheap.body.errors).toBeUndefined();
  });
});
