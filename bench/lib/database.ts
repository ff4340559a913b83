import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Database } from '@flowgraph/shared';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The Postgres server to measure: DATABASE_URL when set, else the repository's own native
 * instance, started like the test global setup does. A bench that quietly fell back to an
 * embedded store would report the wrong database's speed, so failing to start is fatal.
 */
export function postgresServerUrl(): string {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return fromEnv;
  try {
    // services.sh logs to stderr; keep stdout for the bench's own report.
    execFileSync('bash', ['services/services.sh', 'up', 'postgres'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    const exports = execFileSync('bash', ['services/services.sh', 'env', 'postgres'], { cwd: ROOT, encoding: 'utf8' });
    const url = /^export DATABASE_URL='([^']*)'$/m.exec(exports)?.[1];
    if (!url) throw new Error(`services.sh env printed no DATABASE_URL:\n${exports}`);
    return url;
  } catch (error) {
    throw new Error(`bench needs a real Postgres: DATABASE_URL is unset and "bash services/services.sh up postgres" failed`, { cause: error });
  }
}

/** Counts what drizzle sends: every statement, including each transaction's begin and commit. */
export class QueryCounter {
  statements = 0;
  transactions = 0;

  readonly observe = (query: string) => {
    this.statements += 1;
    if (query === 'begin' || query.startsWith('begin;')) this.transactions += 1;
  };

  reset(): void {
    this.statements = 0;
    this.transactions = 0;
  }
}

export interface BenchDatabase {
  database: Database;
  /** What the figures were measured on, for the report header. */
  describe: string;
  /** Whether begin/commit pass through drizzle's logger (node-postgres), so transactions can be counted. */
  countsTransactions: boolean;
  /**
   * CPU time each server backend for this database has used so far (ms, by pid), when the server
   * runs on this machine and its processes can be read; undefined otherwise. CPU per operation holds
   * steadier than throughput when something else shares the cores.
   */
  serverCpuMs(): Promise<Map<number, number> | undefined>;
  dispose(): Promise<void>;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a local process in ms, from /proc; undefined when it is not readable (remote server, gone). */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields overall.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A scratch database on the server (as test/support/databases.ts makes them), dropped on dispose. */
export async function scratchPostgres(serverUrl: string, counter: QueryCounter): Promise<BenchDatabase> {
  const name = `bench_${randomUUID().replaceAll('-', '')}`;
  // Durability settings change commit latency by an order of magnitude: print them with the figures.
  const settings = await withClient(serverUrl, async (client) => {
    await client.query(`create database ${name}`);
    const { rows } = await client.query<{ name: string; setting: string }>(
      `select name, setting from pg_settings where name in ('server_version', 'fsync', 'synchronous_commit', 'max_connections', 'shared_buffers') order by name`,
    );
    return rows.map((row) => `${row.name}=${row.setting}`).join(' ');
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), onQuery: counter.observe });
  let disposed = false;
  return {
    database,
    describe: `Postgres ${url.host}, scratch database ${name}; pg pool max 10 (openDatabase default); ${settings}`,
    countsTransactions: true,
    serverCpuMs: () =>
      withClient(serverUrl, async (client) => {
        const { rows } = await client.query<{ pid: number }>(`select pid from pg_stat_activity where datname = $1`, [name]);
        const times = new Map<number, number>();
        for (const { pid } of rows) {
          const ms = processCpuMs(pid);
          if (ms === undefined) return undefined;
          times.set(pid, ms);
        }
        return times;
      }),
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      await database.close();
      await withClient(serverUrl, async (client) => {
        // pool.end() resolves before its sockets are gone; a forced drop would kill a still-closing
        // connection, whose error then surfaces on the ended pool as an unhandled 'error' event.
        for (let i = 0; i < 50; i += 1) {
          const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = $1`, [name]);
          if (rows[0]?.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await client.query(`drop database if exists ${name} with (force)`);
      });
    },
  };
}

/** Embedded PGlite in memory: one in-process connection, for comparison only. */
export async function scratchPglite(counter: QueryCounter): Promise<BenchDatabase> {
  const database = await openDatabase({ onQuery: counter.observe });
  // PGlite's drizzle driver opens transactions natively, so its begin/commit are never logged.
  return { database, describe: 'PGlite (embedded WASM Postgres, in memory, single connection)', countsTransactions: false, serverCpuMs: async () => undefined, dispose: () => database.close() };
}
