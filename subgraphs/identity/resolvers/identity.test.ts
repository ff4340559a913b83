import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { identitySubgraph } from '../index.js';

const OTHER_TENANT = '00000000-0000-4000-8000-00000000aaaa';
const admin = principal(demo.users.admin.id, demo.tenant.id, 'admin');
const outsider = principal('00000000-0000-4000-8000-00000000bbbb', OTHER_TENANT, 'admin');

describe('identity subgraph', () => {
  let h: Harness<Context>;
  beforeAll(async () => {
    h = await startHarness(identitySubgraph({ JWT_ISSUER: 'test', JWT_AUDIENCE: 'test', JWT_DEV_KEY_FILE: '' }));
  });
  afterAll(() => h.close());

  it('logs in with the demo credentials and returns a signed token and the user', async () => {
    const result = await h.run<{ login: { accessToken: string; tokenType: string; user: { email: string; role: string; tenant: { slug: string } } } }>(
      `mutation($input: LoginInput!) { login(input: $input) { accessToken tokenType user { email role tenant { slug } } } }`,
      { input: { email: demo.users.admin.email.toUpperCase(), password: demo.password } },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.login.tokenType).toBe('Bearer');
    expect(result.data?.login.accessToken.split('.')).toHaveLength(3);
    expect(result.data?.login.user).toEqual({ email: demo.users.admin.email, role: 'ADMIN', tenant: { slug: 'demo' } });
    const verified = await h.built.verifyToken!(result.data!.login.accessToken);
    expect(verified).toMatchObject({ userId: demo.users.admin.id, tenantId: demo.tenant.id, roles: ['admin'] });
  });

  it('rejects a wrong password with UNAUTHENTICATED and no data', async () => {
    const result = await h.run(`mutation { login(input: { email: "${demo.users.admin.email}", password: "nope" }) { accessToken } }`);
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0]?.message).toBe('Invalid email or password');
  });

  it('serves me and the tenant member list to a signed-in user', async () => {
    const result = await h.run<{ me: { name: string }; users: { email: string }[] }>(`{ me { name } users { email } }`, undefined, admin);
    expect(result.errors).toBeUndefined();
    expect(result.data?.me.name).toBe(demo.users.admin.name);
    expect(result.data?.users.map((u) => u.email)).toEqual([demo.users.admin.email, demo.users.user.email, demo.users.viewer.email].sort());
  });

  it('denies anonymous reads with UNAUTHENTICATED', async () => {
    const result = await h.run(`{ users { email } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data).toBeNull();
  });

  it('reads a user of another tenant as not found', async () => {
    const result = await h.run(`query($id: ID!) { user(id: $id) { email } }`, { id: demo.users.user.id }, outsider);
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(result.data).toEqual({ user: null });
  });

  it('rejects a malformed id with BAD_USER_INPUT', async () => {
    const result = await h.run(`{ user(id: "42") { email } }`, undefined, admin);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('resolves User entities through _entities under shield, scoped to the tenant', async () => {
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id email } } }`;
    const reps = [
      { __typename: 'User', id: demo.users.viewer.id },
      { __typename: 'User', id: demo.users.admin.id },
    ];
    const own = await h.run<{ _entities: ({ email: string } | null)[] }>(query, { reps }, admin);
    expect(own.errors).toBeUndefined();
    expect(own.data?._entities.map((e) => e?.email)).toEqual([demo.users.viewer.email, demo.users.admin.email]);
    const foreign = await h.run<{ _entities: unknown[] }>(query, { reps }, outsider);
    expect(foreign.data?._entities).toEqual([null, null]);
  });

  it('serves its SDL to the gateway without credentials', async () => {
    const result = await h.run<{ _service: { sdl: string } }>(`{ _service { sdl } }`);
    expect(result.data?._service.sdl).toContain('type User');
  });
});
