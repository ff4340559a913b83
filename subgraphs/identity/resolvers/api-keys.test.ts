import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, isTokenDenied } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { hashSecret } from '../data/opaque-secrets.js';
import { apiKeys } from '../data/schema.js';
import { expectNoSecrets, recordEvents, testSubgraph, type EventLog } from './test-support.js';

const admin = principal(demo.users.admin.id, demo.tenant.id, 'admin');
const member = principal(demo.users.user.id, demo.tenant.id, 'user');
const outsider = principal('00000000-0000-4000-8000-00000000bbbb', '00000000-0000-4000-8000-00000000aaaa', 'admin');

const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id name prefix role scopes clientName createdBy { email } revokedAt } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;

interface Created {
  createApiKey: { secret: string; apiKey: { id: string; name: string; prefix: string; role: string; scopes: string[]; clientName: string; createdBy: { email: string }; revokedAt: string | null } };
}

describe('identity API keys', () => {
  let h: Harness<Context>;
  let log: EventLog;
  beforeAll(async () => {
    h = await startHarness(testSubgraph());
    log = await recordEvents(h);
  });
  afterAll(() => h.close());

  const create = (input: Record<string, unknown>, as = admin) => h.run<Created>(CREATE, { input }, as);

  it('creates a key, shows its secret once, and stores only its hash', async () => {
    const result = await create({ name: ' Partner ERP ', role: 'VIEWER', scopes: ['workflows:read', 'workflows:read'], clientName: 'partner-erp' });
    expect(result.errors).toBeUndefined();
    const { secret, apiKey } = result.data!.createApiKey;
    expect(secret).toMatch(/^fgk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'Partner ERP', role: 'VIEWER', scopes: ['workflows:read'], clientName: 'partner-erp', createdBy: { email: demo.users.admin.email }, revokedAt: null });
    expect(secret.startsWith(`fgk_${apiKey.prefix}_`)).toBe(true);
    const [row] = await h.deps.database.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(row?.keyHash).toBe(hashSecret(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    const listed = await h.run<{ apiKeys: { id: string }[] }>(`{ apiKeys { id prefix } }`, undefined, admin);
    expect(listed.data?.apiKeys.map((k) => k.id)).toContain(apiKey.id);
    const event = await log.waitFor('identity.api_key.created', (e) => (e.data as { apiKeyId: string }).apiKeyId === apiKey.id);
    expectNoSecrets([event], [secret]);
  });

  it('refuses admin-level keys and malformed scopes with BAD_USER_INPUT', async () => {
    const adminKey = await create({ name: 'x', role: 'ADMIN', scopes: [], clientName: 'x' });
    expect(adminKey.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'role' });
    const badScope = await create({ name: 'x', role: 'USER', scopes: ['Read Everything'], clientName: 'x' });
    expect(badScope.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scopes' });
  });

  it('binds every key to a client, enforced by default: a key without a valid client name is BAD_USER_INPUT, and nothing is written', async () => {
    const before = await h.deps.database.db.select({ id: apiKeys.id }).from(apiKeys);
    const missing = await create({ name: 'unbound', role: 'VIEWER', scopes: [] });
    expect(missing.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(missing.errors?.[0]?.message).toContain('clientName');
    for (const clientName of ['', '  ', 'Has Spaces', '-leading-dash', 'x'.repeat(64)]) {
      const invalid = await create({ name: 'unbound', role: 'VIEWER', scopes: [], clientName });
      expect(invalid.errors?.[0]?.extensions, JSON.stringify(clientName)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clientName' });
    }
    expect(await h.deps.database.db.select({ id: apiKeys.id }).from(apiKeys)).toHaveLength(before.length);
    const created = await create({ name: 'bound', role: 'VIEWER', scopes: [], clientName: 'new-partner' });
    expect(created.errors).toBeUndefined();
    const clients = await h.run<{ persistedQueryClients: { name: string; policy: string; activeVersion: number | null }[] }>(`{ persistedQueryClients { name policy activeVersion } }`, undefined, admin);
    expect(clients.data?.persistedQueryClients).toContainEqual({ name: 'new-partner', policy: 'ENFORCE', activeVersion: null });
  });

  it('is for admins only', async () => {
    const result = await create({ name: 'x', role: 'USER', scopes: [], clientName: 'x' }, member);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const list = await h.run(`{ apiKeys { id } }`, undefined, member);
    expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('revokes a key, denylists its id so exchanged tokens end, and hides it from other tenants', async () => {
    const { apiKey } = (await create({ name: 'to revoke', role: 'USER', scopes: [], clientName: 'to-revoke' })).data!.createApiKey;
    const foreign = await h.run(REVOKE, { id: apiKey.id }, outsider);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const revoked = await h.run<{ revokeApiKey: { revokedAt: string | null } }>(REVOKE, { id: apiKey.id }, admin);
    expect(revoked.data?.revokeApiKey.revokedAt).not.toBeNull();
    expect(await isTokenDenied(h.deps.cache, apiKey.id)).toBe(true);
    await log.waitFor('identity.api_key.revoked', (e) => (e.data as { apiKeyId: string }).apiKeyId === apiKey.id);
    const again = await h.run<{ revokeApiKey: { revokedAt: string } }>(REVOKE, { id: apiKey.id }, admin);
    expect(again.data?.revokeApiKey.revokedAt).toBe(revoked.data?.revokeApiKey.revokedAt);
  });
});
