import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@flowgraph/shared/logger';
import { MemoryCache } from '@flowgraph/shared/cache/memory-cache';
import type { Principal } from '@flowgraph/shared/auth/context';
import { persistedOperationsKey, type ClientOperationList } from '@flowgraph/shared/persisted-operations';
import { createPersistedOperations, type PersistedOperations } from './persisted-operations.js';

const person: Principal = { kind: 'user', userId: 'u1', tenantId: 't1', roles: ['user'], tokenId: 'j1', expiresAt: new Date(Date.now() + 60_000), client: 'user' };
const key = (clientName?: string): Principal => ({ ...person, userId: 'k1', client: 'api-key', ...(clientName ? { clientName } : {}) });

describe('persisted operations at the gateway', () => {
  let gate: PersistedOperations | undefined;
  const asked: string[] = [];
  afterEach(() => gate?.close());

  async function gateWith(list: ClientOperationList | undefined) {
    const cache = new MemoryCache();
    if (list) await cache.set(persistedOperationsKey('t1', list.clientName), list, { ttlSeconds: 60 });
    gate = createPersistedOperations({
      cache,
      listUrl: 'http://identity.invalid/auth/persisted-operations',
      unlistedUrl: 'http://identity.invalid/auth/persisted-operations/unlisted',
      pollMs: 60_000,
      logger: createLogger('test', 'silent'),
      // A client never registered: identity answers "enforced, nothing listed".
      fetch: async (url) => {
        asked.push(typeof url === 'string' ? url : url instanceof URL ? url.href : url.url);
        return new Response(JSON.stringify({ clientName: 'unknown', policy: 'enforce', version: null, operations: {} }), { status: 200 });
      },
    });
    return gate;
  }

  it('refuses every operation of an API-key token bound to no client (exchanged before binding), without asking for a list', async () => {
    const g = await gateWith(undefined);
    await expect(g.admit({ auth: key() }, { query: '{ tenant { id } }' })).rejects.toMatchObject({ extensions: { code: 'OPERATION_NOT_ALLOWED' } });
    await expect(g.admit({ auth: key() }, { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } })).rejects.toMatchObject({ extensions: { code: 'OPERATION_NOT_ALLOWED' } });
    expect(asked).toEqual([]);
  });

  it('enforces a client with no list: refused; a person is not gated', async () => {
    const g = await gateWith(undefined);
    await expect(g.admit({ auth: key('never-published') }, { query: '{ tenant { id } }' })).rejects.toMatchObject({ extensions: { code: 'OPERATION_NOT_ALLOWED', clientName: 'never-published' } });
    expect(await g.admit({ auth: person }, { query: '{ tenant { id } }' })).toBeUndefined();
  });

  it('runs anything under OFF', async () => {
    const g = await gateWith({ clientName: 'open', policy: 'off', version: null, operations: {} });
    expect(await g.admit({ auth: key('open') }, { query: '{ tenant { id } }' })).toBeUndefined();
  });
});
