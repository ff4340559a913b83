import DataLoader from 'dataloader';

/**
 * A DataLoader over a batch lookup by id: one store query per tick, results put back
 * in request order, a missing row resolving to null rather than failing the batch.
 */
export function byIdLoader<T extends { id: string }>(load: (ids: readonly string[]) => Promise<readonly T[]>): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await load(ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Like `byIdLoader` but groups many rows under one key, e.g. the specifications of each user. */
export function groupedLoader<T>(
  load: (keys: readonly string[]) => Promise<readonly T[]>,
  keyOf: (row: T) => string,
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (keys) => {
    const rows = await load(keys);
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  });
}
