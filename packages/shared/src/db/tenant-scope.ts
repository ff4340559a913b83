import { sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
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

function checkedUuid(value: string, what: string): string {
  // These values are interpolated into SQL sent with BEGIN (a simple query has no parameters).
  if (!UUID.test(value)) throw new Error(`${what} is not a uuid`);
  return value;
}

const scope = (tenantId: string) => `select set_config('app.tenant_id', '${checkedUuid(tenantId, 'tenant id')}', true), set_config('role', '${TENANT_ROLE}', true)`;

/** Runs `work` in a transaction that can only see and write `tenantId`'s rows. */
export function withTenant<T>(db: Db, tenantId: string, work: (tx: Db) => Promise<T>): Promise<T> {
  return withTenantLookup(db, tenantId, undefined, (tx) => work(tx));
}

/**
 * A read of one table by uuid columns, e.g. a row by tenant and id, that a transaction starts with.
 * On a node-postgres pool it is sent with BEGIN and the tenant scope in one round trip; the rows come
 * back as the driver parses them (column names as in the table; json parsed; timestamps as Date on
 * node-postgres, as strings on PGlite: map them with the table's drizzle columns).
 */
export interface TenantLookup {
  table: PgTable;
  /** Column name (as in the database) → uuid value; all must match. */
  where: Readonly<Record<string, string>>;
}

export type LookupRows = Record<string, unknown>[];

function lookupSql(lookup: TenantLookup): string {
  const { name, schema } = getTableConfig(lookup.table);
  const table = schema ? `"${schema}"."${name}"` : `"${name}"`;
  const conditions = Object.entries(lookup.where).map(([column, value]) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(column)) throw new Error(`bad column name ${column}`);
    return `"${column}" = '${checkedUuid(value, column)}'`;
  });
  return `select * from ${table} where ${conditions.join(' and ')}`;
}

/**
 * `withTenant`, with `lookup` run first in the transaction (after the tenant scope, so row-level
 * security applies) and its rows handed to `work`. Saves a round trip for commands that start by
 * reading the row they will change.
 */
export async function withTenantLookup<T>(db: Db, tenantId: string, lookup: TenantLookup | undefined, work: (tx: Db, rows: LookupRows) => Promise<T>): Promise<T> {
  const read = lookup ? lookupSql(lookup) : undefined;
  const pooled = pooledTransactions(db);
  // Both settings in one statement: `role` is a setting like any other, and is_local=true is SET LOCAL.
  if (pooled) return pooled.run(read ? `${scope(tenantId)}; ${read}` : scope(tenantId), work);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('role', ${TENANT_ROLE}, true)`);
    const rows = read ? ((await tx.execute(sql.raw(read))) as { rows: LookupRows }).rows : [];
    return work(tx, rows);
  });
}
