import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { workflowsSubgraph } from '../index.js';

const user = principal(demo.users.user.id, demo.tenant.id, 'user');
const admin = principal(demo.users.admin.id, demo.tenant.id, 'admin');

type Item = { id: string; taskId: string; status: string };
type CaseView = { id: string; status: string; endedAt: string | null; data: Record<string, unknown>; workItems: Item[]; history: { sequence: number; type: string; workItemId: string | null; taskId: string | null }[] };
const ITEM = 'id taskId status';
const CASE = `id status endedAt data workItems { ${ITEM} } history { sequence type workItemId taskId }`;

/**
 * The work-item and case commands through GraphQL on the demo concert (BookVenue → SellTickets →
 * RunShow, items open to the whole tenant): the status each answers with, the events it adds to the
 * case history, and for a refused transition the stable code with nothing written.
 */
describe('work-item and case commands', () => {
  let h: Harness<Context>;
  beforeAll(async () => {
    h = await startHarness(workflowsSubgraph());
  });
  afterAll(() => h.close());

  /** Item commands act as `user`, who claims the open items here; cancelling is for tenant admins. */
  const itemCommand = (name: string, id: string, as = user) => h.run<Record<string, Item>>(`mutation($id: ID!) { ${name}(id: $id) { ${ITEM} } }`, { id }, as);
  /** Case commands are for tenant admins: a case holds every person's items. */
  const caseCommand = (name: string, id: string, as = admin) => h.run<Record<string, CaseView>>(`mutation($id: ID!) { ${name}(id: $id) { ${CASE} } }`, { id }, as);
  const caseOf = async (id: string) => (await h.run<{ case: CaseView }>(`query($id: ID!) { case(id: $id) { ${CASE} } }`, { id }, user)).data!.case;
  const itemOf = async (caseId: string, taskId: string) => (await caseOf(caseId)).workItems.find((i) => i.taskId === taskId)!;

  async function launch(): Promise<{ caseId: string; bookVenue: string }> {
    const launched = await h.run<{ launchCase: CaseView }>(`mutation($s: ID!) { launchCase(specificationId: $s) { ${CASE} } }`, { s: demo.specifications.concert }, user);
    expect(launched.errors).toBeUndefined();
    const { id, workItems } = launched.data!.launchCase;
    expect(workItems.map((i) => [i.taskId, i.status])).toEqual([['BookVenue', 'ENABLED']]);
    return { caseId: id, bookVenue: workItems[0]!.id };
  }

  /** What the database holds for the case, read as the owner: its version, events and outbox rows. */
  async function rowsOf(caseId: string) {
    const one = async <T>(query: ReturnType<typeof sql>) => ((await h.deps.database.db.execute(query)) as { rows: T[] }).rows[0]!;
    return {
      ...(await one<{ version: number; status: string }>(sql`select version, status from workflows.cases where id = ${caseId}`)),
      events: (await one<{ n: number }>(sql`select count(*)::int as n from workflows.case_events where case_id = ${caseId}`)).n,
      outbox: (await one<{ n: number }>(sql`select count(*)::int as n from workflows.outbox where key = ${caseId}`)).n,
      items: ((await h.deps.database.db.execute(sql`select id, status from workflows.work_items where case_id = ${caseId} order by id`)) as { rows: unknown[] }).rows,
    };
  }

  /** Runs a command that must be refused: the error it answers with, after checking it wrote nothing. */
  async function refused(caseId: string, command: () => Promise<{ errors?: readonly { extensions?: Record<string, unknown> }[] | undefined; data?: unknown }>) {
    const before = await rowsOf(caseId);
    const historyBefore = (await caseOf(caseId)).history;
    const result = await command();
    expect(result.data).toBeNull();
    expect(await rowsOf(caseId)).toEqual(before);
    expect((await caseOf(caseId)).history).toEqual(historyBefore);
    return result.errors?.[0]?.extensions;
  }

  /** The case's events after `sequence`, as [type, work item], as its history answers them; the log rows must say the same. */
  async function eventsAfter(caseId: string, sequence: number): Promise<[string, string | null][]> {
    const history = (await caseOf(caseId)).history.filter((e) => e.sequence > sequence).map((e): [string, string | null] => [e.type, e.workItemId]);
    const { rows } = (await h.deps.database.db.execute(
      sql`select type, event->>'workItemId' as item from workflows.case_events where case_id = ${caseId} and sequence > ${sequence} order by sequence`,
    )) as { rows: { type: string; item: string | null }[] };
    expect(rows.map((r) => [r.type, r.item])).toEqual(history);
    return history;
  }

  it('suspends and resumes an allocated and a started item, each back to where it was, with its events in the history', async () => {
    const { caseId, bookVenue } = await launch();
    const mark = (await caseOf(caseId)).history.length;
    expect((await itemCommand('allocateWorkItem', bookVenue)).data?.allocateWorkItem?.status).toBe('ALLOCATED');
    expect((await itemCommand('suspendWorkItem', bookVenue)).data).toEqual({ suspendWorkItem: { id: bookVenue, taskId: 'BookVenue', status: 'SUSPENDED' } });
    expect((await rowsOf(caseId)).items).toEqual([{ id: bookVenue, status: 'suspended' }]);
    // A suspended item cannot be started, even by whoever holds it, and leaves their work queue.
    expect(await refused(caseId, () => itemCommand('startWorkItem', bookVenue))).toEqual({ code: 'CONFLICT', engineCode: 'INVALID_TRANSITION' });
    expect((await h.run<{ workQueue: Item[] }>(`{ workQueue { ${ITEM} } }`, undefined, user)).data!.workQueue.map((i) => i.id)).not.toContain(bookVenue);
    expect((await itemCommand('resumeWorkItem', bookVenue)).data?.resumeWorkItem?.status).toBe('ALLOCATED');

    expect((await itemCommand('startWorkItem', bookVenue)).data?.startWorkItem?.status).toBe('STARTED');
    expect((await itemCommand('suspendWorkItem', bookVenue)).data?.suspendWorkItem?.status).toBe('SUSPENDED');
    expect((await itemCommand('resumeWorkItem', bookVenue)).data?.resumeWorkItem?.status).toBe('STARTED');

    expect((await caseOf(caseId)).status).toBe('RUNNING');
    expect(await eventsAfter(caseId, mark)).toEqual([
      ['workitem.allocated', bookVenue],
      ['workitem.suspended', bookVenue],
      ['workitem.resumed', bookVenue],
      ['workitem.started', bookVenue],
      ['workitem.suspended', bookVenue],
      ['workitem.resumed', bookVenue],
    ]);
    // The history names the task of each item event, and none for the case's own.
    const history = (await caseOf(caseId)).history;
    expect(history.slice(mark).every((e) => e.taskId === 'BookVenue')).toBe(true);
    expect(history.find((e) => e.type === 'case.started')).toMatchObject({ workItemId: null, taskId: null });
  });

  it('refuses to resume an item that is not suspended with CONFLICT, writing nothing', async () => {
    const { caseId, bookVenue } = await launch();
    // An admin may act on any item, so what refuses this is the item's status alone.
    expect(await refused(caseId, () => itemCommand('resumeWorkItem', bookVenue, admin))).toEqual({ code: 'CONFLICT', engineCode: 'INVALID_TRANSITION' });
    await itemCommand('allocateWorkItem', bookVenue);
    expect(await refused(caseId, () => itemCommand('resumeWorkItem', bookVenue))).toEqual({ code: 'CONFLICT', engineCode: 'INVALID_TRANSITION' });
    expect((await itemOf(caseId, 'BookVenue')).status).toBe('ALLOCATED');
    const unknown = await itemCommand('resumeWorkItem', `${caseId}:Nope:42`, admin);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('skips an item nobody started: the case moves on without its output; a started item cannot be skipped', async () => {
    const { caseId, bookVenue } = await launch();
    const mark = (await caseOf(caseId)).history.length;
    // The demo concert grants nobody canSkip, so skipping is a tenant admin's (work-item-access.test.ts has the grant).
    expect((await itemCommand('skipWorkItem', bookVenue, admin)).data?.skipWorkItem).toEqual({ id: bookVenue, taskId: 'BookVenue', status: 'SKIPPED' });
    const view = await caseOf(caseId);
    expect(view.workItems.map((i) => [i.taskId, i.status])).toEqual([
      ['BookVenue', 'SKIPPED'],
      ['SellTickets', 'ENABLED'],
    ]);
    const sellTickets = view.workItems[1]!.id;
    expect(await eventsAfter(caseId, mark)).toEqual([
      ['workitem.skipped', bookVenue],
      ['workitem.enabled', sellTickets],
    ]);
    // As in YAWL, the skipped item completes with its own input as output: BookVenue maps `venue` in and back out unchanged.
    expect(view.data).toMatchObject({ venue: 'Town Hall' });

    expect((await itemCommand('startWorkItem', sellTickets)).errors).toBeUndefined();
    expect(await refused(caseId, () => itemCommand('skipWorkItem', sellTickets, admin))).toEqual({ code: 'CONFLICT', engineCode: 'INVALID_TRANSITION' });
    expect(await refused(caseId, () => itemCommand('skipWorkItem', bookVenue, admin))).toEqual({ code: 'CONFLICT', engineCode: 'INVALID_TRANSITION' });
  });

  it('cancels an item: nothing flows on from it (its only branch, so the case deadlocks), and cancelling it again is refused', async () => {
    const { caseId, bookVenue } = await launch();
    const mark = (await caseOf(caseId)).history.length;
    expect((await itemCommand('cancelWorkItem', bookVenue, admin)).data?.cancelWorkItem?.status).toBe('CANCELLED');
    const view = await caseOf(caseId);
    expect(view.workItems.map((i) => [i.taskId, i.status])).toEqual([['BookVenue', 'CANCELLED']]);
    expect(view.status).toBe('DEADLOCKED');
    expect(await eventsAfter(caseId, mark)).toEqual([
      ['workitem.cancelled', bookVenue],
      ['case.deadlocked', null],
    ]);
    expect(await rowsOf(caseId)).toMatchObject({ status: 'deadlocked', items: [{ id: bookVenue, status: 'cancelled' }] });
    expect(await refused(caseId, () => itemCommand('cancelWorkItem', bookVenue, admin))).toEqual({ code: 'CONFLICT', engineCode: 'CASE_NOT_RUNNING' });
  });

  it('suspends, resumes and cancels a case; refused case transitions answer CONFLICT and write nothing', async () => {
    const { caseId, bookVenue } = await launch();
    const mark = (await caseOf(caseId)).history.length;
    const suspended = await caseCommand('suspendCase', caseId);
    expect(suspended.data?.suspendCase).toMatchObject({ id: caseId, status: 'SUSPENDED', endedAt: null });
    expect((await rowsOf(caseId)).status).toBe('suspended');
    // Nothing moves in a suspended case, and it cannot be suspended twice.
    expect(await refused(caseId, () => itemCommand('startWorkItem', bookVenue))).toEqual({ code: 'CONFLICT', engineCode: 'CASE_NOT_RUNNING' });
    expect(await refused(caseId, () => caseCommand('suspendCase', caseId))).toEqual({ code: 'CONFLICT', engineCode: 'CASE_NOT_RUNNING' });

    expect((await caseCommand('resumeCase', caseId)).data?.resumeCase?.status).toBe('RUNNING');
    expect(await refused(caseId, () => caseCommand('resumeCase', caseId))).toEqual({ code: 'CONFLICT', engineCode: 'INVALID_TRANSITION' });
    expect((await itemCommand('startWorkItem', bookVenue)).data?.startWorkItem?.status).toBe('STARTED');

    const cancelled = (await caseCommand('cancelCase', caseId)).data!.cancelCase!;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', endedAt: expect.any(String) });
    expect(cancelled.workItems.map((i) => [i.taskId, i.status])).toEqual([['BookVenue', 'CANCELLED']]);
    expect(await eventsAfter(caseId, mark)).toEqual([
      ['case.suspended', null],
      ['case.resumed', null],
      ['workitem.started', bookVenue],
      ['workitem.cancelled', bookVenue],
      ['case.cancelled', null],
    ]);
    expect((await rowsOf(caseId)).items).toEqual([{ id: bookVenue, status: 'cancelled' }]);
    for (const again of ['cancelCase', 'resumeCase', 'suspendCase']) {
      expect(await refused(caseId, () => caseCommand(again, caseId))).toEqual({ code: 'CONFLICT', engineCode: 'CASE_NOT_RUNNING' });
    }
    expect(await refused(caseId, () => itemCommand('completeWorkItem', bookVenue))).toEqual({ code: 'CONFLICT', engineCode: 'CASE_NOT_RUNNING' });
  });

  it('refuses case commands to a user who is not a tenant admin with FORBIDDEN, writing nothing', async () => {
    const { caseId, bookVenue } = await launch();
    // Even with an item of the case started by that user: cancelling stops everyone's work in it.
    await itemCommand('startWorkItem', bookVenue);
    for (const command of ['suspendCase', 'cancelCase']) {
      expect(await refused(caseId, () => caseCommand(command, caseId, user))).toMatchObject({ code: 'FORBIDDEN' });
    }
    await caseCommand('suspendCase', caseId);
    expect(await refused(caseId, () => caseCommand('resumeCase', caseId, user))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await caseOf(caseId)).status).toBe('SUSPENDED');
  });

  it('answers NOT_FOUND for an unknown case and BAD_USER_INPUT for an id that is not one', async () => {
    const unknown = await caseCommand('suspendCase', '00000000-0000-4000-8000-00000000dead');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const malformed = await caseCommand('cancelCase', 'not-a-case');
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('leaves the case version, its events and its outbox rows untouched when an item is completed twice', async () => {
    const { caseId, bookVenue } = await launch();
    await itemCommand('startWorkItem', bookVenue);
    const before = await rowsOf(caseId);
    const completed = await h.run<{ completeWorkItem: Item }>(`mutation($id: ID!) { completeWorkItem(id: $id, output: { venue: "Arena" }) { ${ITEM} } }`, { id: bookVenue }, user);
    expect(completed.data?.completeWorkItem?.status).toBe('COMPLETED');
    const once = await rowsOf(caseId);
    expect(once.version).toBe(before.version + 1);
    expect(once.outbox - before.outbox).toBe(once.events - before.events);
    expect(
      await refused(caseId, () => h.run(`mutation($id: ID!) { completeWorkItem(id: $id, output: { venue: "Elsewhere" }) { ${ITEM} } }`, { id: bookVenue }, user)),
    ).toEqual({ code: 'CONFLICT', engineCode: 'INVALID_TRANSITION' });
    expect((await caseOf(caseId)).data).toMatchObject({ venue: 'Arena' });
  });
});
