import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, withTenant } from '@flowgraph/shared';
import type { CaseState, WorkItem, WorkItemKind } from '@flowgraph/yawl';
import { databaseImplementations, type DisposableDatabase } from '../../../test/support/databases.js';
import { workflowsSubgraph } from '../index.js';
import { CaseStore } from './case-store.js';
import { workItems } from './schema.js';

const BEFORE = '0009_specification_uri';

/** A copy of the migrations folder whose journal ends at `lastTag`: the schema as an older release left it. */
function migrationsUpTo(lastTag: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'workflows-migrations-'));
  cpSync(workflowsSubgraph().migrationsFolder, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((entry) => entry.tag === lastTag);
  expect(last).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, last + 1) }));
  return folder;
}

describe.each(databaseImplementations)('migration 0010 (work item kind) on %s', (_name, open) => {
  let scratch: DisposableDatabase;
  let older: string;
  const caseId = randomUUID();
  const at = '2026-01-01T00:00:00.000Z';
  /** Items an older engine left enabled and open to everyone: an MI parent, a composite task, and people's work. */
  const items: Record<string, WorkItemKind> = { [`${caseId}:Invite:1`]: 'multiple', [`${caseId}:Plan:2`]: 'composite', [`${caseId}:Draft:3`]: 'atomic', [`${caseId}:Invite:1.1`]: 'instance' };
  const item = (id: string, kind: WorkItemKind): WorkItem => ({ id, caseId, netInstanceId: caseId, taskId: id.split(':')[1]!, kind, status: 'enabled', enabledAt: at });
  const state: CaseState = {
    caseId, specificationUri: 'Party', specificationVersion: '0.1', status: 'running', sequence: 4, nextItemNumber: 3, rootNetInstanceId: caseId,
    netInstances: { [caseId]: { id: caseId, netId: 'Party', status: 'running', marking: {}, data: '<Party/>' } },
    workItems: Object.fromEntries(Object.entries(items).map(([id, kind]) => [id, item(id, kind)])),
    startedAt: at, updatedAt: at,
  };

  beforeAll(async () => {
    scratch = await open();
    older = migrationsUpTo(BEFORE);
    await scratch.database.migrate('workflows', older);
    const db = scratch.database.db;
    const specificationId = randomUUID();
    await db.execute(sql`
      insert into workflows.specifications (id, tenant_id, identifier, version, uri, name, created_by)
      values (${specificationId}, ${demo.tenant.id}, 'Party', '0.1', 'Party', 'Party', ${demo.users.admin.id})`);
    await db.execute(sql`
      insert into workflows.cases (id, tenant_id, specification_id, status, state, version, started_by, started_at, updated_at)
      values (${caseId}, ${demo.tenant.id}, ${specificationId}, 'running', ${JSON.stringify(state)}::jsonb, 1, ${demo.users.user.id}, ${at}::timestamptz, ${at}::timestamptz)`);
    for (const id of Object.keys(items)) {
      await db.execute(sql`
        insert into workflows.work_items (id, tenant_id, case_id, task_id, status, enabled_at, updated_at)
        values (${id}, ${demo.tenant.id}, ${caseId}, ${id.split(':')[1]!}, 'enabled', ${at}::timestamptz, ${at}::timestamptz)`);
    }
    // A row its case's state no longer holds keeps the default.
    await db.execute(sql`
      insert into workflows.work_items (id, tenant_id, case_id, task_id, status, enabled_at, updated_at)
      values (${`${caseId}:Gone:9`}, ${demo.tenant.id}, ${caseId}, 'Gone', 'enabled', ${at}::timestamptz, ${at}::timestamptz)`);
    await scratch.database.migrate('workflows', workflowsSubgraph().migrationsFolder);
  });
  afterAll(async () => {
    await scratch?.dispose();
    if (older) rmSync(older, { recursive: true, force: true });
  });

  it('gives existing projection rows the kind their case state holds', async () => {
    const rows = await scratch.database.db.select({ id: workItems.id, kind: workItems.kind }).from(workItems).orderBy(asc(workItems.id));
    expect(Object.fromEntries(rows.map((row) => [row.id, row.kind]))).toEqual({ ...items, [`${caseId}:Gone:9`]: 'atomic' });
  });

  it('leaves the engine\'s items (MI parent, composite task) out of work queues at once', async () => {
    const queue = await withTenant(scratch.database.db, demo.tenant.id, (tx) => new CaseStore(tx).queue(demo.tenant.id, demo.users.user.id, ['user']));
    expect(queue.map((row) => row.id).sort()).toEqual([`${caseId}:Draft:3`, `${caseId}:Gone:9`, `${caseId}:Invite:1.1`]);
  });
});
