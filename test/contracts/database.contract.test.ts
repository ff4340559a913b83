import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, withTenant } from '@flowgraph/shared';
import { specifications } from '../../subgraphs/workflows/data/schema.js';
import { workflowsSubgraph } from '../../subgraphs/workflows/index.js';
import { databaseImplementations, type DisposableDatabase } from '../support/databases.js';

const spec = (name: string) => ({
  id: randomUUID(),
  tenantId: demo.tenant.id,
  identifier: `urn:test:${randomUUID()}`,
  version: '1.0',
  uri: 'urn:test:contract',
  name,
  createdBy: demo.users.admin.id,
});

describe.each(databaseImplementations)('Database contract: %s', (_name, open) => {
  let scratch: DisposableDatabase;
  beforeAll(async () => {
    scratch = await open();
    await scratch.database.migrate('workflows', workflowsSubgraph().migrationsFolder);
  });
  afterAll(() => scratch.dispose());

  it('answers pings and applies migrations idempotently', async () => {
    await expect(scratch.database.ping()).resolves.toBeUndefined();
    await expect(scratch.database.migrate('workflows', workflowsSubgraph().migrationsFolder)).resolves.toBeUndefined();
  });

  it('commits a transaction as a whole', async () => {
    const [a, b] = [spec('a'), spec('b')];
    await scratch.database.db.transaction(async (tx) => {
      await tx.insert(specifications).values(a);
      await tx.insert(specifications).values(b);
    });
    const rows = await scratch.database.db.select().from(specifications).where(eq(specifications.tenantId, demo.tenant.id));
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it('rolls a failed transaction back with nothing half-written', async () => {
    const first = spec('first');
    const duplicate = { ...spec('duplicate'), identifier: first.identifier, version: first.version };
    await expect(
      scratch.database.db.transaction(async (tx) => {
        await tx.insert(specifications).values(first);
        await tx.insert(specifications).values(duplicate);
      }),
    ).rejects.toThrow();
    const rows = await scratch.database.db.select().from(specifications).where(eq(specifications.identifier, first.identifier));
    expect(rows).toEqual([]);
  });

  it('enforces tenant isolation with row-level security, even for a query without a tenant filter', async () => {
    const mine = spec('mine');
    const other = { ...spec('other'), tenantId: '00000000-0000-4000-8000-00000000aaaa' };
    await scratch.database.db.insert(specifications).values([mine, other]);
    const unfiltered = (tenantId: string) => withTenant(scratch.database.db, tenantId, (tx) => tx.select({ id: specifications.id }).from(specifications));
    const seenByOther = await unfiltered(other.tenantId);
    expect(seenByOther).toEqual([{ id: other.id }]);
    expect((await unfiltered(demo.tenant.id)).map((r) => r.id)).toContain(mine.id);
    expect((await unfiltered(demo.tenant.id)).map((r) => r.id)).not.toContain(other.id);
    await expect(withTenant(scratch.database.db, other.tenantId, (tx) => tx.insert(specifications).values(spec('smuggled')))).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/row-level security/) },
    });
  });
});
