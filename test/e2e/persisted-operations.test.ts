import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { createPartnerClient } from '../../examples/partner-client/src/client.js';
import { TENANT_SPECIFICATIONS, WHO_AM_I } from '../../examples/partner-client/src/operations.js';
import { login } from '../support/e2e.js';
import { postGraphQL } from '../support/http.js';
import { startLivePlatform, type LivePlatform } from '../support/live-platform.js';
import { asPartner, boundApiKey, eventually, manifestOf, publish, sha256 } from '../support/persisted-operations.js';

const EXAMPLE = 'examples/partner-client';
const CLIENT = 'partner-example';
const UNLISTED = `query Unlisted { specifications(first: 3) { id } }`;

describe('persisted operations: the partner-client example through the gateway', { timeout: 180_000 }, () => {
  let platform: LivePlatform;
  let admin: string;
  let apiKey: string;
  let manifest: ReturnType<typeof manifestOf>;

  beforeAll(async () => {
    platform = await startLivePlatform();
    admin = await login(platform.url, demo.users.admin.email);
    apiKey = await boundApiKey(platform.url, admin, CLIENT);
    // The client's operations, extracted from its source by Apollo's generator, then published as a partner would.
    execFileSync(`${process.cwd()}/node_modules/.bin/generate-persisted-query-manifest`, [], { cwd: EXAMPLE, stdio: 'pipe' });
    manifest = JSON.parse(readFileSync(`${EXAMPLE}/persisted-query-manifest.json`, 'utf8')) as ReturnType<typeof manifestOf>;
    // Asynchronously: the gateway it calls runs in this process.
    const { stdout: output } = await promisify(execFile)('npx', ['tsx', 'scripts/publish-persisted-queries.ts', '--client', CLIENT, `${EXAMPLE}/persisted-query-manifest.json`], {
      env: { ...process.env, FLOWGRAPH_URL: platform.url, FLOWGRAPH_TOKEN: admin },
      encoding: 'utf8',
    });
    expect(output).toMatch(/Published 2 operation\(s\) for partner-example: active version 1, policy ENFORCE/);
  }, 180_000);
  afterAll(() => platform?.close());

  it('runs the listed operations sent by hash only, and refuses anything else', async () => {
    const client = createPartnerClient({ url: platform.url, apiKey, manifest });
    const tenant = await client.query<{ tenant: { name: string } }>({ query: WHO_AM_I });
    expect(tenant.data.tenant.name).toBe(demo.tenant.name);
    const specifications = await client.query<{ specifications: { id: string }[] }>({ query: TENANT_SPECIFICATIONS, variables: { first: 5 } });
    expect(Array.isArray(specifications.data.specifications)).toBe(true);

    const unlisted = await asPartner(platform.url, apiKey, { query: UNLISTED });
    expect(unlisted.status).toBe(400);
    expect(unlisted.body.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_NOT_ALLOWED', clientName: CLIENT, hash: sha256(UNLISTED) });
    expect(unlisted.body.data ?? undefined).toBeUndefined();
    const unknown = await asPartner(platform.url, apiKey, { hash: sha256(UNLISTED) });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('serves a new version to the running gateway within seconds, and a rollback restores the previous list', async () => {
    const v2 = { ...manifest, operations: [...manifest.operations, ...manifestOf([UNLISTED]).operations] };
    expect((await publish(platform.url, admin, CLIENT, v2)).body.data?.publishPersistedQueryManifest.activeVersion).toBe(2);
    const listed = await eventually(
      () => asPartner(platform.url, apiKey, { hash: sha256(UNLISTED) }),
      (answer) => answer.body.errors === undefined,
      30_000,
    );
    expect(listed.body.data).toHaveProperty('specifications');

    const rolledBack = await postGraphQL<{ rollbackPersistedQueryManifest: { activeVersion: number } }>(
      platform.url,
      `mutation($c: String!) { rollbackPersistedQueryManifest(clientName: $c) { activeVersion } }`,
      { token: admin, variables: { c: CLIENT } },
    );
    expect(rolledBack.body.data?.rollbackPersistedQueryManifest.activeVersion).toBe(1);
    const refused = await eventually(
      () => asPartner(platform.url, apiKey, { query: UNLISTED }),
      (answer) => answer.body.errors?.[0]?.extensions?.code === 'OPERATION_NOT_ALLOWED',
      30_000,
    );
    expect(refused.status).toBe(400);
  });

  it('under LOG runs unlisted operations and records them, with their hash, for the admin', async () => {
    const logged = `query LoggedOnly { tenant { id } } # ${crypto.randomUUID()}`;
    const set = await postGraphQL(platform.url, `mutation($c: String!) { setPersistedQueryPolicy(clientName: $c, policy: LOG) { policy } }`, { token: admin, variables: { c: CLIENT } });
    expect(set.body.data).toEqual({ setPersistedQueryPolicy: { policy: 'LOG' } });
    const ran = await eventually(
      () => asPartner(platform.url, apiKey, { query: logged }),
      (answer) => answer.body.errors === undefined,
      30_000,
    );
    expect(ran.body.data).toHaveProperty('tenant.id');

    type Clients = { persistedQueryClients: { name: string; policy: string; unlistedOperations: { hash: string; operationName: string | null; body: string; count: number }[] }[] };
    const recorded = await eventually(
      () => postGraphQL<Clients>(platform.url, `{ persistedQueryClients { name policy unlistedOperations { hash operationName body count } } }`, { token: admin }),
      (answer) => Boolean(answer.body.data?.persistedQueryClients.find((c) => c.name === CLIENT)?.unlistedOperations.some((op) => op.hash === sha256(logged))),
      30_000,
    );
    const client = recorded.body.data!.persistedQueryClients.find((c) => c.name === CLIENT)!;
    expect(client.policy).toBe('LOG');
    expect(client.unlistedOperations.find((op) => op.hash === sha256(logged))).toMatchObject({ operationName: 'LoggedOnly', body: logged });
  });
});
