import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { demo } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { users } from '../data/schema.js';
import { base32Decode, totp } from '../domain/totp.js';
import { expectNoSecrets, recordEvents, testSubgraph, type EventLog } from './test-support.js';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`;
const viewer = principal(demo.users.viewer.id, demo.tenant.id, 'viewer');

describe('identity TOTP MFA', () => {
  let h: Harness<Context>;
  let log: EventLog;
  beforeAll(async () => {
    h = await startHarness(testSubgraph());
    log = await recordEvents(h);
  });
  afterAll(() => h.close());

  const login = (totpCode?: string) => h.run(LOGIN, { input: { email: demo.users.viewer.email, password: demo.password, ...(totpCode ? { totpCode } : {}) } });
  const stored = async () => (await h.deps.database.db.select().from(users).where(eq(users.id, demo.users.viewer.id)))[0]!;

  it('enrols, stays pending until verified, then requires a code at login', async () => {
    const enrolled = await h.run<{ enableMfa: { secret: string; otpauthUri: string } }>(`mutation { enableMfa { secret otpauthUri } }`, undefined, viewer);
    expect(enrolled.errors).toBeUndefined();
    const { secret, otpauthUri } = enrolled.data!.enableMfa;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    const row = await stored();
    expect(row.mfaSecret).toMatch(/^v1\./);
    expect(row.mfaSecret).not.toContain(secret);
    expect(row.mfaEnabledAt).toBeNull();
    // Pending: login still works without a code.
    expect((await login()).errors).toBeUndefined();

    const key = base32Decode(secret);
    const wrong = await h.run(`mutation { verifyMfa(code: "000000") }`, undefined, viewer);
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    const verified = await h.run(`mutation($c: String!) { verifyMfa(code: $c) }`, { c: totp(key, new Date()) }, viewer);
    expect(verified.errors).toBeUndefined();
    expect((await stored()).mfaEnabledAt).toBeInstanceOf(Date);
    await log.waitFor('identity.mfa.enabled', (e) => e.key === demo.users.viewer.id);

    const missing = await login();
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', mfaRequired: true });
    const bad = await login('123456' === totp(key, new Date()) ? '654321' : '123456');
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', mfaRequired: true });
    expect(await h.deps.cache.get(`login:fail:acct:${demo.users.viewer.email}`)).toBe(1);
    await log.waitFor('identity.login.failed', (e) => (e.data as { reason: string }).reason === 'bad_totp');
    expect((await login(totp(key, new Date()))).errors).toBeUndefined();
    expect((await h.run(`mutation { enableMfa { secret } }`, undefined, viewer)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expectNoSecrets(log.events, [secret, row.mfaSecret!]);

    const disabled = await h.run(`mutation($c: String!) { disableMfa(code: $c) }`, { c: totp(key, new Date()) }, viewer);
    expect(disabled.errors).toBeUndefined();
    expect(await stored()).toMatchObject({ mfaSecret: null, mfaEnabledAt: null });
    expect((await login()).errors).toBeUndefined();
  });

  it('requires a signed-in person', async () => {
    expect((await h.run(`mutation { enableMfa { secret } }`)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
