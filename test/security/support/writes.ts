import pg from 'pg';
import { expect } from 'vitest';

/** Row counts of every table of the subgraphs' schemas, by `schema.table`. */
export type RowCounts = Map<string, number>;

const SCHEMAS = ['identity', 'workflows', 'marketplace', 'ai', 'analytics'];

export async function rowCounts(databaseUrl: string): Promise<RowCounts> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ schemaname: string; tablename: string }>(
      `SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY($1) AND tablename NOT LIKE '\\_\\_%' ORDER BY 1, 2`,
      [SCHEMAS],
    );
    const counts: RowCounts = new Map();
    for (const { schemaname, tablename } of tables.rows) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${schemaname}"."${tablename}"`);
      counts.set(`${schemaname}.${tablename}`, Number(rows[0]!.n));
    }
    return counts;
  } finally {
    await client.end();
  }
}

/**
 * Nothing was written between two counts, except in `allowed` tables (e.g. `identity.outbox`: a failed
 * login is published as an event, by design). Counts, not contents: a probe's refusal must not insert
 * or delete; an update in place is for the probe to check on the row it targets.
 */
export function expectNothingWritten(before: RowCounts, after: RowCounts, allowed: readonly string[] = []): void {
  const changed = [...new Set([...before.keys(), ...after.keys()])]
    .filter((table) => !allowed.includes(table) && before.get(table) !== after.get(table))
    .map((table) => `${table}: ${before.get(table) ?? 0} → ${after.get(table) ?? 0}`);
  expect(changed, 'tables written by a refused request').toEqual([]);
}
