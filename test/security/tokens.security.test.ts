import { randomUUID } from 'node:crypto';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { expectNoInternals } from './support/no-internals.js';
import { startSecurityPlatform, type SecurityPlatform } from './support/platform.js';
import { expectResponsive, underAttack } from './support/under-attack.js';
import { expectNothingWritten, rowCounts } from './support/writes.js';

const ISSUER = 'flowgraph-identity';
const AUDIENCE = 'flowgraph';
/** A write, so that a forged admin token that got through would leave a row behind. */
const CREATE_USER = `mutation { createUser(input: { email: "forged-${randomUUID().slice(0, 8)}@demo.flowgraph.dev", name: "Forged", password: "forged-password-123", role: ADMIN }) { id } }`;

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('forged and revoked tokens, and cross-tenant reads (production mode, real services)', () => {
  let platform: SecurityPlatform;
  beforeAll(async () => {
    platform = await startSecurityPlatform();
  });
  afterAll(() => platform?.close());

  /** The demo admin's token, signed with identity's real key. */
  const adminToken = (expiresInSeconds = 600) => platform.key.sign({ sub: demo.users.admin.id, tenant: demo.tenant.id, role: 'admin', expiresInSeconds });

  const forgeries: [string, () => Promise<string>][] = [
    ['alg: none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${(await adminToken()).split('.')[1]}.`],
    [
      'HS256 keyed with the public key',
      async () =>
        new SignJWT({ tenant: demo.tenant.id, roles: ['admin'] })
          .setProtectedHeader({ alg: 'HS256', kid: JSON.parse(Buffer.from((await adminToken()).split('.')[0]!, 'base64url').toString()).kid as string })
          .setSubject(demo.users.admin.id)
          .setJti(randomUUID())
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime('10m')
          .sign(new TextEncoder().encode(platform.key.pems.publicPem)),
    ],
    [
      'an unknown kid',
      async () => {
        const pair = await generateKeyPair('RS256');
        return new SignJWT({ tenant: demo.tenant.id, roles: ['admin'] })
          .setProtectedHeader({ alg: 'RS256', kid: await calculateJwkThumbprint(await exportJWK(pair.publicKey)) })
          .setSubject(demo.users.admin.id)
          .setJti(randomUUID())
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime('10m')
          .sign(pair.privateKey);
      },
    ],
    ['an expired token', () => adminToken(-5)],
    ['a tampered payload', async () => {
      const [header, , signature] = (await adminToken()).split('.');
      return `${header}.${b64({ sub: demo.users.admin.id, tenant: demo.tenant.id, roles: ['admin'], jti: randomUUID(), iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600 })}.${signature}`;
    }],
    [
      'a revoked (logged out) token',
      async () => {
        const token = await adminToken();
        const logout = await platform.post<{ logout: boolean }>(`mutation { logout }`, { token });
        expect(logout.body.data?.logout).toBe(true);
        return token;
      },
    ],
  ];

  it.each(forgeries)('refuses %s with HTTP 401 and UNAUTHENTICATED, quickly, writing nothing', async (_name, forge) => {
    const token = await forge();
    const before = await rowCounts(platform.databaseUrl);
    const report = await underAttack({ healthUrl: platform.healthUrl }, () => Promise.all(Array.from({ length: 20 }, () => platform.post(CREATE_USER, { token }))));
    expectResponsive(report);
    for (const response of report.result) {
      expect(response.status).toBe(401);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(response.body.data ?? null).toBeNull();
      expectNoInternals(response.body, platform.internalUrls);
    }
    expectNothingWritten(before, await rowCounts(platform.databaseUrl));
  });

  it("another tenant's admin reads none of the demo tenant's rows, and cannot change them", async () => {
    const slug = `probe-${randomUUID().slice(0, 8)}`;
    const signedUp = await platform.post<{ signUp: { accessToken: string } }>(
      `mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }`,
      { variables: { i: { tenantName: 'Probe', tenantSlug: slug, email: `admin@${slug}.test`, name: 'Probe Admin', password: 'probe-password-123' } } },
    );
    const stranger = signedUp.body.data!.signUp.accessToken;
    const before = await rowCounts(platform.databaseUrl);
    const report = await underAttack({ healthUrl: platform.healthUrl }, async () => ({
      user: await platform.post<{ user: unknown }>(`query($id: ID!) { user(id: $id) { email } }`, { token: stranger, variables: { id: demo.users.admin.id } }),
      users: await platform.post<{ users: { email: string }[] }>(`{ users { email } }`, { token: stranger }),
      specification: await platform.post<{ specification: unknown }>(`query($id: ID!) { specification(id: $id) { name } }`, { token: stranger, variables: { id: demo.specifications.concert } }),
      specifications: await platform.post<{ specifications: unknown[] }>(`{ specifications { name } }`, { token: stranger }),
      promote: await platform.post(`mutation($id: ID!) { changeUserRole(userId: $id, role: VIEWER) { id } }`, { token: stranger, variables: { id: demo.users.admin.id } }),
    }));
    expectResponsive(report);
    const { user, users, specification, specifications, promote } = report.result;
    expect(user.body.data?.user ?? null).toBeNull();
    expect(['NOT_FOUND', undefined]).toContain(user.body.errors?.[0]?.extensions?.code);
    expect(users.body.data?.users.map((u) => u.email)).toEqual([`admin@${slug}.test`]);
    expect(specification.body.data?.specification ?? null).toBeNull();
    expect(specifications.body.data?.specifications).toEqual([]);
    expect(promote.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    for (const response of Object.values(report.result)) expectNoInternals(response.body, platform.internalUrls);
    expectNothingWritten(before, await rowCounts(platform.databaseUrl));
    // The demo admin is still an admin.
    const admin = await platform.post<{ me: { role: string } }>(`{ me { role } }`, { token: await adminToken() });
    expect(admin.body.data?.me.role).toBe('ADMIN');
  });
});
