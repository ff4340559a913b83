import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, calculateJwkThumbprint, exportJWK, exportPKCS8, exportSPKI, generateKeyPair, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, denyToken } from '@flowgraph/shared';
import { startPlatform, type Platform } from '../../scripts/lib/platform.js';
import { postGraphQL } from '../support/http.js';
import { manifestOf, publish } from '../support/persisted-operations.js';

const ISSUER = 'flowgraph-identity';
const AUDIENCE = 'flowgraph';
const query = `{ me { email } specifications { name } }`;

interface Keys {
  privateKey: CryptoKey;
  publicPem: string;
  kid: string;
}

async function rsaKeys(): Promise<Keys & { privatePem: string }> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const kid = await calculateJwkThumbprint(await exportJWK(pair.publicKey));
  return { privateKey: pair.privateKey, privatePem: await exportPKCS8(pair.privateKey), publicPem: await exportSPKI(pair.publicKey), kid };
}

function token(keys: Keys, overrides: { exp?: number; jti?: string; kid?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tenant: demo.tenant.id, roles: ['admin'] })
    .setProtectedHeader({ alg: 'RS256', kid: overrides.kid ?? keys.kid })
    .setSubject(demo.users.admin.id)
    .setJti(overrides.jti ?? crypto.randomUUID())
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now - 60)
    .setExpirationTime(overrides.exp ?? now + 600)
    .sign(keys.privateKey);
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('gateway authentication', () => {
  let platform: Platform;
  let url: string;
  let keys: Keys;

  beforeAll(async () => {
    const generated = await rsaKeys();
    keys = generated;
    // Identity signs with a key this test also holds, so it can forge every kind of bad token.
    const keyFile = join(mkdtempSync(join(tmpdir(), 'identity-key-')), 'key.json');
    writeFileSync(keyFile, JSON.stringify({ privatePem: generated.privatePem, publicPem: generated.publicPem }));
    platform = await startPlatform({
      basePort: 0,
      host: '127.0.0.1',
      seed: true,
      logLevel: 'silent',
      supergraphPath: 'schema/supergraph.graphql',
      watchSupergraph: false,
      identity: { JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, JWT_DEV_KEY_FILE: keyFile },
    });
    url = `${platform.gateway.url}/`;
  });
  afterAll(() => platform?.close());

  it('accepts a valid token and serves data from several subgraphs', async () => {
    const result = await postGraphQL<{ me: { email: string }; specifications: unknown[] }>(url, query, { token: await token(keys) });
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.me.email).toBe(demo.users.admin.email);
    expect(result.body.data?.specifications).toHaveLength(2);
  });

  const rejected: [string, () => Promise<string>][] = [
    ['an expired token', () => token(keys, { exp: Math.floor(Date.now() / 1000) - 5 })],
    ['a bad signature', async () => `${(await token(keys)).slice(0, -6)}AAAAAA`],
    ['alg: none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${(await token(keys)).split('.')[1]}.`],
    [
      'HS256 signed with the public key',
      async () => {
        const now = Math.floor(Date.now() / 1000);
        return new SignJWT({ tenant: demo.tenant.id, roles: ['admin'] })
          .setProtectedHeader({ alg: 'HS256', kid: keys.kid })
          .setSubject(demo.users.admin.id)
          .setJti(crypto.randomUUID())
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime(now + 600)
          .sign(new TextEncoder().encode(keys.publicPem));
      },
    ],
    ['an unknown kid', async () => token(await rsaKeys())],
    [
      'a denylisted jti',
      async () => {
        const jti = crypto.randomUUID();
        await denyToken(platform.cache, jti, new Date(Date.now() + 600_000));
        return token(keys, { jti });
      },
    ],
  ];

  it.each(rejected)('refuses %s with HTTP 401, UNAUTHENTICATED and no data', async (_case, make) => {
    const result = await postGraphQL(url, query, { token: await make() });
    expect(result.status).toBe(401);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.body.data ?? null).toBeNull();
  });

  it('gives no data to a request sent straight to a subgraph with forged identity headers and no token', async () => {
    const result = await postGraphQL(`${platform.subgraphs.workflows.url}/graphql`, `{ specifications { name } }`, {
      headers: { 'x-user-id': demo.users.admin.id, 'x-tenant-id': demo.tenant.id, 'x-roles': 'admin' },
    });
    expect(result.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.body.data).toBeNull();
  });

  it('refuses a forged token sent straight to a subgraph, too', async () => {
    const result = await postGraphQL(`${platform.subgraphs.workflows.url}/graphql`, `{ specifications { name } }`, {
      token: await token(await rsaKeys()),
    });
    expect(result.status).toBe(401);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an unknown API key with HTTP 401', async () => {
    const result = await postGraphQL(url, query, { headers: { 'x-api-key': 'fgk_unknown_0000000000' } });
    expect(result.status).toBe(401);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('serves partners by API key, and refuses the key once it is revoked', async () => {
    const adminToken = await token(keys);
    // The partner's client runs its published list (enforced): the one operation it sends.
    expect((await publish(url, adminToken, 'partner', manifestOf([`{ specifications { name } }`]))).body.errors).toBeUndefined();
    const created = await postGraphQL<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
      url,
      `mutation { createApiKey(input: { name: "Partner", role: VIEWER, scopes: ["workflows:read"], clientName: "partner" }) { secret apiKey { id } } }`,
      { token: adminToken },
    );
    expect(created.body.errors).toBeUndefined();
    const { secret, apiKey } = created.body.data!.createApiKey;
    const asPartner = await postGraphQL<{ specifications: { name: string }[] }>(url, `{ specifications { name } }`, { headers: { 'x-api-key': secret } });
    expect(asPartner.status).toBe(200);
    expect(asPartner.body.data?.specifications).toHaveLength(2);
    const revoked = await postGraphQL(url, `mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { token: adminToken, variables: { id: apiKey.id } });
    expect(revoked.body.errors).toBeUndefined();
    // The gateway still holds the exchanged token in its cache; the denylisted key id ends it anyway.
    const afterRevoke = await postGraphQL(url, `{ specifications { name } }`, { headers: { 'x-api-key': secret } });
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(afterRevoke.body.data ?? null).toBeNull();
  });
});
