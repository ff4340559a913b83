import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Logger as DrizzleLogger } from 'drizzle-orm/logger';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { registerPooledTransactions } from './pooled-transactions.js';

/** The drizzle surface repositories use; identical over node-postgres and PGlite. */
export type Db = PgDatabase<PgQueryResultHKT>;

export type QueryObserver = (query: string, params: unknown[]) => void;

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly db: Db;
  /** Resolves when the store answers a trivial query; used by readiness probes. */
  ping(): Promise<void>;
  /** Applies the drizzle-kit migrations in `folder`, recording them per subgraph. */
  migrate(subgraph: string, folder: string): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A postgres:// URL. When absent the embedded PGlite store is used. */
  url?: string | undefined;
  /** Where PGlite keeps its files; in memory when absent. */
  pgliteDir?: string | undefined;
  /** An already open PGlite to share, so one process can host several subgraphs on one embedded store. */
  pglite?: PGlite | undefined;
  onQuery?: QueryObserver | undefined;
  /** Told about errors of idle pooled connections, which the pool then replaces. */
  onIdleError?: ((error: Error) => void) | undefined;
  /** Connections in the pg pool; the default suits a small instance. */
  poolMax?: number | undefined;
}

function drizzleLogger(onQuery: QueryObserver | undefined): DrizzleLogger | undefined {
  return onQuery ? { logQuery: (query, params) => onQuery(query, params) } : undefined;
}

/** Migration bookkeeping lives outside the subgraph's own schema, whose creation is itself a migration. */
const migrationsConfig = (subgraph: string, folder: string) => ({
  migrationsFolder: folder,
  migrationsSchema: 'drizzle',
  migrationsTable: `__migrations_${subgraph}`,
});

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const logger = drizzleLogger(options.onQuery);
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolMax ?? 10 });
    // An idle connection the server closed (restart, failover, `drop database … with (force)`) is
    // discarded by the pool; without a listener node would treat the event as fatal.
    pool.on('error', (error) => options.onIdleError?.(error));
    const db = drizzlePg(pool, { logger });
    registerPooledTransactions(db, pool, logger);
    return {
      kind: 'postgres',
      db,
      ping: async () => {
        await pool.query('select 1');
      },
      migrate: (subgraph, folder) => migratePg(db, migrationsConfig(subgraph, folder)),
      close: () => pool.end(),
    };
  }
  const owned = !options.pglite;
  const embedded = options.pglite ?? createPGlite(options.pgliteDir);
  const db = drizzlePglite(embedded, { logger });
  return {
    kind: 'pglite',
    db,
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    migrate: (subgraph, folder) => migratePglite(db, migrationsConfig(subgraph, folder)),
    close: async () => {
      if (owned && !embedded.closed) await embedded.close();
    },
  };
}

/** An embedded Postgres, kept in `dir` (created if needed) or in memory. */
export function createPGlite(dir?: string): PGlite {
  if (dir) mkdirSync(dir, { recursive: true });
  return new PGlite(dir);
}

export { PGlite };
