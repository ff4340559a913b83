import { sql } from 'drizzle-orm';
import type { Db } from './database.js';
import { pooledTransactions } from './pooled-transactions.js';

/**
 * The database role tenant-scoped work runs as. Row-level security policies on every
 * tenant-owned table compare `tenant_id` with the transaction's `app.tenant_id` setting, so
 * a query that forgets its tenant filter still sees only the caller's rows. Migrations create
 * the role and the policies; the connecting user (the tables' owner) is not subject to them,
 * which is what lets migrations, relays and cross-tenant jobs run without the role.
 */
export const TENANT_ROLE = 'flowgraph_tenant';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Runs `work` in a transaction that can only see and write `tenantId`'s rows. */
export function withTenant<T>(db: Db, tenantId: string, work: (tx: Db) => Promise<T>): Promise<T> {
  // Both settings in one statement: `role` is a setting like any other, and is_local=true is SET LOCAL.
  const pooled = pooledTransactions(db);
  if (pooled) {
    // The scope rides on BEGIN as plain SQL, so the id is checked before it is interpolated.
    if (!UUID.test(tenantId)) throw new Error('tenant id is not a uuid');
    return pooled.run(`select set_config('app.tenant_id', '${tenantId}', true), set_config('role', '${TENANT_ROLE}', true)`, work);
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('role', ${TENANT_ROLE}, true)`);
    return work(tx);
  });
}
