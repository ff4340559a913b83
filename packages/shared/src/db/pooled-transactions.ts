import type { SQL } from 'drizzle-orm';
import type { Logger as DrizzleLogger } from 'drizzle-orm/logger';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { Db } from './database.js';

/**
 * Transactions on a node-postgres pool whose BEGIN carries a prelude in the same round trip.
 * drizzle sends `begin` on its own, so a tenant-scoped transaction cost a round trip more than
 * it needs; on a small machine each round trip is a write syscall and a backend wake-up, which
 * is most of what a short command costs. The prelude is sent as a simple query, so it must be
 * plain SQL with no parameters: callers interpolate only values they have validated.
 */
export interface PooledTransactions {
  /**
   * `work` gets the rows of the prelude's last statement. Called on a `tx` this runs inside that
   * transaction instead, under a savepoint (as drizzle nests transactions): the prelude's settings
   * then last until the enclosing transaction ends.
   */
  run<T>(prelude: string, work: (tx: Db, preludeRows: Record<string, unknown>[]) => Promise<T>): Promise<T>;
}

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

const transactions = new WeakMap<Db, PooledTransactions>();
const connections = new WeakMap<Db, { client: Queryable; log: (query: string, params: unknown[]) => void }>();
const dialect = new PgDialect();
/** Statement names by SQL text: a name must always mean the same text on a connection. */
const statementNames = new Map<string, string>();
/** Past this many distinct texts a caller is not using fixed statements: the rest run unnamed. */
const MAX_STATEMENT_NAMES = 200;

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
const lastRows = (results: unknown) => {
  // A multi-statement simple query answers with one result per statement.
  const all = (Array.isArray(results) ? results : [results]) as pg.QueryResult<Record<string, unknown>>[];
  return all[all.length - 1]?.rows ?? [];
};

/** The pooled fast path of `db`, when `db` is a node-postgres pool opened by `openDatabase`. */
export function pooledTransactions(db: Db): PooledTransactions | undefined {
  return transactions.get(db);
}

/**
 * Runs `statement` as a named prepared statement where the driver has them (node-postgres), so
 * each connection parses and plans it once; elsewhere (PGlite, in process) as a plain execute.
 * Worth it for hot statements whose text is fixed and whose values are all parameters: planning a
 * multi-CTE write costs the server more than running it.
 */
export async function executePrepared<Row extends Record<string, unknown>>(db: Db, statement: SQL): Promise<Row[]> {
  const connection = connections.get(db);
  if (!connection) return ((await db.execute(statement)) as { rows: Row[] }).rows;
  const query = dialect.sqlToQuery(statement);
  let name = statementNames.get(query.sql);
  if (!name && statementNames.size < MAX_STATEMENT_NAMES) {
    name = `fg_${statementNames.size + 1}`;
    statementNames.set(query.sql, name);
  }
  connection.log(query.sql, query.params);
  const result = await connection.client.query<Row>(name ? { name, text: query.sql, values: query.params } : { text: query.sql, values: query.params });
  return result.rows;
}

export function registerPooledTransactions(db: Db, pool: pg.Pool, logger: DrizzleLogger | undefined): void {
  const log = (query: string, params: unknown[] = []) => logger?.logQuery(query, params);
  connections.set(db, { client: pool, log });
  // One drizzle instance per pooled connection, reused: building one per transaction is measurable.
  const bound = new WeakMap<pg.PoolClient, Db>();
  transactions.set(db, {
    async run(prelude, work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        const begin = `begin; ${prelude}`;
        log(begin);
        let preludeRows: Record<string, unknown>[];
        try {
          preludeRows = lastRows(await client.query(begin));
        } catch (error) {
          // Part of it may have run (a transaction left open, aborted, or scoped to a tenant): never reuse it.
          broken = asError(error);
          throw error;
        }
        let tx = bound.get(client);
        if (!tx) {
          tx = drizzlePg(client, { logger });
          bound.set(client, tx);
          connections.set(tx, { client, log });
          transactions.set(tx, nested(client, tx, log));
        }
        try {
          const result = await work(tx, preludeRows);
          log('commit');
          await client.query('commit');
          return result;
        } catch (error) {
          log('rollback');
          await client.query('rollback').catch((rollbackFailed: unknown) => {
            // A connection that cannot roll back is in an unknown state: the pool must drop it.
            broken = asError(rollbackFailed);
          });
          throw error;
        }
      } finally {
        client.release(broken);
      }
    },
  });
}

/** `run` on a transaction's own `tx`: a savepoint on the same connection, never a second BEGIN/COMMIT. */
function nested(client: pg.PoolClient, tx: Db, log: (query: string) => void): PooledTransactions {
  return {
    async run(prelude, work) {
      const open = `savepoint fg_nested; ${prelude}`;
      log(open);
      const preludeRows = lastRows(await client.query(open));
      try {
        const result = await work(tx, preludeRows);
        log('release savepoint fg_nested');
        await client.query('release savepoint fg_nested');
        return result;
      } catch (error) {
        log('rollback to savepoint fg_nested');
        await client.query('rollback to savepoint fg_nested; release savepoint fg_nested');
        throw error;
      }
    },
  };
}
