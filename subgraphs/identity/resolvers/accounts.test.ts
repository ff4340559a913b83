import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { demo } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { refreshTokens, users } from '../data/schema.js';
import { expectNoSecrets, recordEvents, SESSION_FIELDS, testSubgraph, type EventLog, type SessionFields } from './test-support.js';

const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { ${SESSION_FIELDS} } }`;
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id email role tenant { id } } }`;
const CHANGE_ROLE = `mutation($id: ID!, $role: Role!) { changeUserRole(userId: $id, role: $role) { id role } }`;
const CHANGE_PASSWORD = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;

const admin = principal(demo.users.admin.id, demo.tenant.id, 'admin');
const user = principal(demo.users.user.id, demo.tenant.id, 'user');
const viewer = principal(demo.users.viewer.id, demo.tenant.id, 'viewer');

describe('identity accounts: sign-up and user administration', () => {
  let h: Harness<Context>;
  let log: EventLog;
  beforeAll(async () => {
    h = await startHarness(testSubgraph());
    log = await recordEvents(h);
  });
  afterAll(() => h.close());

  const signUp = (overrides: Record<string, string> = {}) =>
    h.run<{ signUp: SessionFields }>(SIGN_UP, {
      input: { tenantName: 'Acme', tenantSlug: 'acme', email: 'owner@acme.test', name: 'Olga Owner', password: 'a-long-password', ...overrides },
    });

  it('signs up a tenant with its first admin, signs them in and publishes tenant.created and user.created', async () => {
    const result = await signUp();
    expect(result.errors).toBeUndefined();
    const session = result.data!.signUp;
    const caller = await h.built.verifyToken!(session.accessToken);
    expect(caller.roles).toEqual(['admin']);
    const me = await h.run<{ me: { email: string; role: string; tenant: { slug: string } } }>(`{ me { email role tenant { slug } } }`, undefined, caller);
    expect(me.data?.me).toEqual({ email: 'owner@acme.test', role: 'ADMIN', tenant: { slug: 'acme' } });
    await log.waitFor('identity.tenant.created', (e) => e.tenantId === caller.tenantId);
    const created = await log.waitFor('identity.user.created', (e) => e.key === caller.userId);
    expect(created.data).toMatchObject({ role: 'admin', via: 'sign_up' });
    expectNoSecrets(log.events, ['a-long-password', session.refreshToken]);
  });

  it('reports a taken slug or email as CONFLICT naming the field, and creates nothing', async () => {
    const slug = await signUp({ email: 'other@acme.test' });
    expect(slug.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'tenantSlug' });
    const email = await signUp({ tenantSlug: 'acme-two', email: demo.users.admin.email });
    expect(email.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });
    expect(await h.deps.database.db.select().from(users).where(eq(users.email, 'other@acme.test'))).toEqual([]);
  });

  it.each([
    [{ password: 'short' }, 'password'],
    [{ email: 'not-an-email' }, 'email'],
    [{ tenantSlug: 'Bad Slug!' }, 'tenantSlug'],
  ])('rejects %j with BAD_USER_INPUT on %s', async (overrides, field) => {
    const result = await signUp({ tenantSlug: 'fresh-slug', email: 'fresh@acme.test', ...overrides });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('lets an admin create a user in their own tenant; others are refused', async () => {
    const input = { email: 'New.Person@demo.test', name: 'New Person', role: 'VIEWER', password: 'another-long-one' };
    const result = await h.run<{ createUser: { id: string; email: string; role: string; tenant: { id: string } } }>(CREATE_USER, { input }, admin);
    expect(result.errors).toBeUndefined();
    expect(result.data?.createUser).toMatchObject({ email: 'new.person@demo.test', role: 'VIEWER', tenant: { id: demo.tenant.id } });
    const event = await log.waitFor('identity.user.created', (e) => e.key === result.data!.createUser.id);
    expect(event.data).toMatchObject({ createdBy: demo.users.admin.id, role: 'viewer' });
    expect((await h.run(CREATE_USER, { input }, admin)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await h.run(CREATE_USER, { input: { ...input, email: 'x@demo.test' } }, user)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await h.run(CREATE_USER, { input: { ...input, email: 'y@demo.test' } })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expectNoSecrets(log.events, ['another-long-one']);
  });

  it("changes a user's role within the tenant and publishes user.role_changed", async () => {
    const result = await h.run<{ changeUserRole: { role: string } }>(CHANGE_ROLE, { id: demo.users.viewer.id, role: 'USER' }, admin);
    expect(result.errors).toBeUndefined();
    expect(result.data?.changeUserRole.role).toBe('USER');
    const event = await log.waitFor('identity.user.role_changed', (e) => e.key === demo.users.viewer.id);
    expect(event.data).toMatchObject({ from: 'viewer', to: 'user', changedBy: demo.users.admin.id });
    await h.run(CHANGE_ROLE, { id: demo.users.viewer.id, role: 'VIEWER' }, admin);
  });

  it("reads another tenant's user as NOT_FOUND and refuses non-admins", async () => {
    const outsider = principal('00000000-0000-4000-8000-00000000bbbb', '00000000-0000-4000-8000-00000000aaaa', 'admin');
    const foreign = await h.run(CHANGE_ROLE, { id: demo.users.user.id, role: 'ADMIN' }, outsider);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await h.run(CHANGE_ROLE, { id: demo.users.user.id, role: 'ADMIN' }, user)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const [row] = await h.deps.database.db.select().from(users).where(eq(users.id, demo.users.user.id));
    expect(row?.role).toBe('user');
  });

  it('does not let the last admin demote themselves', async () => {
    const result = await h.run(CHANGE_ROLE, { id: demo.users.admin.id, role: 'USER' }, admin);
    expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const [row] = await h.deps.database.db.select().from(users).where(eq(users.id, demo.users.admin.id));
    expect(row?.role).toBe('admin');
  });

  it('changes the password, revokes every refresh token of the user, and checks the current one', async () => {
    const login = (password: string) =>
      h.run<{ login: SessionFields }>(`mutation($i: LoginInput!) { login(input: $i) { ${SESSION_FIELDS} } }`, { i: { email: demo.users.viewer.email, password } });
    const session = (await login(demo.password)).data!.login;
    const wrong = await h.run(CHANGE_PASSWORD, { c: 'not-my-password', n: 'brand-new-password' }, viewer);
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
    const weak = await h.run(CHANGE_PASSWORD, { c: demo.password, n: 'short' }, viewer);
    expect(weak.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    const ok = await h.run<{ changePassword: boolean }>(CHANGE_PASSWORD, { c: demo.password, n: 'brand-new-password' }, viewer);
    expect(ok.errors).toBeUndefined();
    const rows = await h.deps.database.db.select().from(refreshTokens).where(eq(refreshTokens.userId, demo.users.viewer.id));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.revokedAt instanceof Date)).toBe(true);
    expect((await login(demo.password)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await login('brand-new-password')).errors).toBeUndefined();
    await log.waitFor('identity.password.changed', (e) => e.key === demo.users.viewer.id);
    expectNoSecrets(log.events, ['brand-new-password', session.refreshToken]);
  });
});
