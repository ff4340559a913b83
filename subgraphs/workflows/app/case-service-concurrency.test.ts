import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { scratchPostgres, type DisposableDatabase } from '../../../test/support/databases.js';
import type { Specification } from '@flowgraph/yawl';
import { workflowsSubgraph } from '../index.js';
import { CaseService } from './case-service.js';
import { inlineEngine } from './engine-runner.js';
import { LostRace } from './errors.js';
import { storeTestSpecification } from '../data/test-specifications.js';

const actor = { tenantId: demo.tenant.id, userId: demo.users.user.id };
const XS = 'http://www.w3.org/2001/XMLSchema';

/** start → Fork (empty AND-split) → Left, Right → Join (empty AND-join) → end: two items live at once. */
const PARALLEL_XML = `<?xml version="1.0" encoding="UTF-8"?>
<specificationSet xmlns="http://www.yawlfoundation.org/yawlschema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="4.0">
  <specification uri="urn:test:parallel">
    <metaData><version>1.0</version></metaData>
    <schema xmlns="${XS}"/>
    <decomposition id="Parallel" isRootNet="true" xsi:type="NetFactsType">
      <processControlElements>
        <inputCondition id="start"><flowsInto><nextElementRef id="Fork"/></flowsInto></inputCondition>
        <task id="Fork"><flowsInto><nextElementRef id="Left"/></flowsInto><flowsInto><nextElementRef id="Right"/></flowsInto><join code="xor"/><split code="and"/></task>
        <task id="Left"><name>Left</name><flowsInto><nextElementRef id="Join"/></flowsInto><join code="xor"/><split code="and"/><decomposesTo id="Work"/></task>
        <task id="Right"><name>Right</name><flowsInto><nextElementRef id="Join"/></flowsInto><join code="xor"/><split code="and"/><decomposesTo id="Work"/></task>
        <task id="Join"><flowsInto><nextElementRef id="end"/></flowsInto><join code="and"/><split code="and"/></task>
        <outputCondition id="end"/>
      </processControlElements>
    </decomposition>
    <decomposition id="Work" xsi:type="WebServiceGatewayFactsType"><externalInteraction>manual</externalInteraction></decomposition>
  </specification>
</specificationSet>`;

/**
 * What the service intends (case-service.ts `run`, case-transition.ts `caseStatement`): a command
 * reads the case and its version, the engine decides, and the write is
 * `UPDATE cases … WHERE id = $id AND version = $read`. A command that read a version another one
 * has since replaced writes nothing and fails with CONFLICT ("reload and retry"); the service does
 * not retry it itself. These tests force the race on real Postgres, where two transactions really
 * overlap (PGlite runs them one after the other, so there the engine refuses instead).
 */
describe('CaseService optimistic concurrency on postgres', () => {
  let scratch: DisposableDatabase & { url: string };
  let blocker: pg.Client;
  let service: CaseService;
  let spec: { id: string; model: Specification };
  const loadSpec = async () => spec;

  beforeAll(async () => {
    scratch = await scratchPostgres();
    await scratch.database.migrate('workflows', workflowsSubgraph().migrationsFolder);
    spec = await storeTestSpecification(scratch.database.db, { tenantId: actor.tenantId, createdBy: actor.userId, xml: PARALLEL_XML, name: 'parallel' });
    service = new CaseService(scratch.database.db, () => undefined, inlineEngine());
    blocker = new pg.Client({ connectionString: scratch.url });
    await blocker.connect();
  });
  afterAll(async () => {
    await blocker?.end();
    await scratch?.dispose();
  });

  /** Rows the database holds for the case, read as the owner (no tenant scope). */
  async function rowsOf(caseId: string) {
    const count = async (query: ReturnType<typeof sql>) => ((await scratch.database.db.execute(query)) as { rows: { n: number }[] }).rows[0]!.n;
    const { rows } = (await scratch.database.db.execute(sql`select version, state from workflows.cases where id = ${caseId}`)) as {
      rows: { version: number; state: { workItems: Record<string, { taskId: string; status: string }> } }[];
    };
    return {
      version: rows[0]!.version,
      items: Object.fromEntries(Object.values(rows[0]!.state.workItems).map((i) => [i.taskId, i.status])),
      completions: await count(sql`select count(*)::int as n from workflows.case_events where case_id = ${caseId} and type = 'workitem.completed'`),
      events: await count(sql`select count(*)::int as n from workflows.case_events where case_id = ${caseId}`),
      outbox: await count(sql`select count(*)::int as n from workflows.outbox where key = ${caseId}`),
    };
  }

  /** Backends of this scratch database waiting on a lock: the commands' case updates queued behind the blocker. */
  async function waitingOnLocks(): Promise<number> {
    // Not on the blocker: inside its transaction pg_stat_activity would answer from one snapshot.
    const { rows } = (await scratch.database.db.execute(
      sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'`,
    )) as { rows: { n: number }[] };
    return rows[0]!.n;
  }

  /** A case with Left and Right both started, so either can be completed on its own. */
  async function caseWithTwoStartedItems() {
    const launched = await service.launch(actor, spec, {});
    const ids = Object.fromEntries(Object.values(launched.state.workItems).map((i) => [i.taskId, i.id])) as Record<'Left' | 'Right', string>;
    expect(Object.keys(ids).sort()).toEqual(['Left', 'Right']);
    for (const id of Object.values(ids)) await service.run(actor, { workItemId: id }, { type: 'startItem', workItemId: id, participant: actor.userId }, loadSpec);
    return { caseId: launched.id, ids };
  }

  it('lets exactly one of two commands that read the same case version write; the other gets CONFLICT from the version check', async () => {
    const { caseId, ids } = await caseWithTwoStartedItems();
    const before = await rowsOf(caseId);
    expect(before.items).toEqual({ Left: 'started', Right: 'started' });

    // Hold the case row locked from another connection: both commands read the same version
    // (reads are not blocked), let the engine accept their command, then queue on the row in UPDATE.
    await blocker.query('begin');
    await blocker.query('select 1 from workflows.cases where id = $1 for update', [caseId]);
    const complete = (taskId: 'Left' | 'Right') =>
      service.run(actor, { workItemId: ids[taskId] }, { type: 'completeItem', workItemId: ids[taskId] }, loadSpec).then(
        (row) => ({ taskId, row }),
        (error: unknown) => ({ taskId, error }),
      );
    const racing = [complete('Left'), complete('Right')];
    try {
      await expect.poll(waitingOnLocks, { timeout: 10_000, interval: 20 }).toBe(2);
    } finally {
      await blocker.query('rollback');
    }
    const outcomes = await Promise.all(racing);

    const won = outcomes.filter((o) => 'row' in o);
    const lost = outcomes.filter((o) => 'error' in o);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = won[0]!.taskId;
    const loser = lost[0]!.taskId;
    // The version guard refused it (no engineCode: the engine accepted the command it decided on).
    const error = (lost[0] as { error: LostRace }).error;
    expect(error).toBeInstanceOf(LostRace);
    expect(error.engineCode).toBeUndefined();
    expect(error.message).toMatch(/changed while this command ran/);

    const after = await rowsOf(caseId);
    expect(after.version).toBe(before.version + 1);
    expect(after.items).toEqual({ [winner]: 'completed', [loser]: 'started' });
    expect(after.completions).toBe(before.completions + 1);
    // Only the winner's events and outbox rows were written: one outbox row per event, none for the loser.
    expect(after.outbox - before.outbox).toBe(after.events - before.events);
    expect(after.events - before.events).toBeGreaterThan(0);

    // Reloading and retrying, as the error says, succeeds: the engine never objected to it.
    const retried = await service.run(actor, { workItemId: ids[loser] }, { type: 'completeItem', workItemId: ids[loser] }, loadSpec);
    expect(retried.status).toBe('completed');
    const final = await rowsOf(caseId);
    expect(final.items).toEqual({ Left: 'completed', Right: 'completed' });
    expect(final.version).toBe(before.version + 2);
    expect(final.completions).toBe(before.completions + 2);
  });

  it('writes both of two commands on the same case when they do not overlap: no lost update', async () => {
    const { caseId, ids } = await caseWithTwoStartedItems();
    const before = await rowsOf(caseId);
    await service.run(actor, { workItemId: ids.Left }, { type: 'completeItem', workItemId: ids.Left }, loadSpec);
    await service.run(actor, { workItemId: ids.Right }, { type: 'completeItem', workItemId: ids.Right }, loadSpec);
    const after = await rowsOf(caseId);
    expect(after.items).toEqual({ Left: 'completed', Right: 'completed' });
    expect(after.version).toBe(before.version + 2);
    expect(after.completions).toBe(2);
    expect(after.events).toBe(after.outbox);
  });

  it('refuses a command whose case another transaction changed after it was read, by the version alone', async () => {
    const { caseId, ids } = await caseWithTwoStartedItems();
    const before = await rowsOf(caseId);
    // Another writer (as a second replica would) bumps the version while the command's transaction is open.
    await blocker.query('begin');
    await blocker.query('select 1 from workflows.cases where id = $1 for update', [caseId]);
    const pending = service.run(actor, { workItemId: ids.Left }, { type: 'completeItem', workItemId: ids.Left }, loadSpec).catch((e: unknown) => e);
    try {
      await expect.poll(waitingOnLocks, { timeout: 10_000, interval: 20 }).toBe(1);
      await blocker.query('update workflows.cases set version = version + 1 where id = $1', [caseId]);
    } finally {
      await blocker.query('commit');
    }
    await expect(pending).resolves.toBeInstanceOf(LostRace);
    const after = await rowsOf(caseId);
    expect(after.items).toEqual({ Left: 'started', Right: 'started' });
    expect(after.completions).toBe(0);
    expect(after.version).toBe(before.version + 1);
    expect(after.events).toBe(before.events);
    expect(after.outbox).toBe(before.outbox);
  });
});
