import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type DatabaseOptions } from '@flowgraph/shared';
import { requireService } from './services.js';

export interface DisposableDatabase {
  database: Database;
  /** Closes the connection and, for a real server, drops the scratch database. */
  dispose(): Promise<void>;
}

/**
 * A scratch database on the real Postgres server, so suites never see each other's rows. `url`
 * lets more connection pools open it, as several services or replicas of one would.
 */
export async function scratchPostgres(options: Omit<DatabaseOptions, 'url'> = {}): Promise<DisposableDatabase & { url: string }> {
  const serverUrl = requireService('DATABASE_URL');
  const name = `test_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ ...options, url: url.toString() });
  return {
    database,
    url: url.toString(),
    dispose: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export async function scratchPglite(options: Omit<DatabaseOptions, 'url'> = {}): Promise<DisposableDatabase> {
  const database = await openDatabase(options);
  return { database, dispose: () => database.close() };
}

/** Both implementations of the Database port, for contract suites. */
export const databaseImplementations: [string, () => Promise<DisposableDatabase>][] = [
  ['pglite', () => scratchPglite()],
  ['postgres', () => scratchPostgres()],
];
