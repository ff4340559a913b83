import { eq } from 'drizzle-orm';
import type { FormattedExecutionResult } from 'graphql/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, type Principal } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { readSpecification } from '@flowgraph/yawl/testing/fixtures';
import { CONCERT_XML } from '../data/demo-specifications.js';
import { outbox } from '../data/schema.js';
import { workflowsSubgraph } from '../index.js';

const ada = principal(demo.users.admin.id, demo.tenant.id, 'admin');
const uma = principal(demo.users.user.id, demo.tenant.id, 'user');
const bob = principal('00000000-0000-4000-8000-000000000104', demo.tenant.id, 'user');

/** BookVenue offered by the system to the `admin` role: in admins' queues only. */
/** Resourcing goes after a task's mappings and timer, just before what it decomposes to (the schema's order). */
const BOOK_VENUE_DECOMPOSITION = '<decomposesTo id="BookVenue"/>';
const FOR_ADMINS_XML = CONCERT_XML.replace('urn:flowgraph:demo:organise-concert', 'urn:test:access:admins').replace(
  BOOK_VENUE_DECOMPOSITION,
  `<resourcing><offer initiator="system"><distributionSet><initialSet><role>admin</role></initialSet></distributionSet></offer><allocate initiator="user"/><start initiator="user"/></resourcing>${BOOK_VENUE_DECOMPOSITION}`,
);
/** BookVenue open to everyone, whose task grants everyone the canSkip privilege. */
const SKIPPABLE_XML = CONCERT_XML.replace('urn:flowgraph:demo:organise-concert', 'urn:test:access:skippable').replace(
  BOOK_VENUE_DECOMPOSITION,
  `<resourcing><offer initiator="user"/><allocate initiator="user"/><start initiator="user"/><privileges><privilege><name>canSkip</name><allowall>true</allowall></privilege></privileges></resourcing>${BOOK_VENUE_DECOMPOSITION}`,
);
/** BookVenue's output `venue` mandatory. */
const MANDATORY_XML = CONCERT_XML.replace('urn:flowgraph:demo:organise-concert', 'urn:test:access:mandatory').replace(
  /(<outputParam><index>0<\/index><name>venue<\/name>.*?)(<\/outputParam>)/,
  '$1<mandatory/>$2',
);

interface Item {
  id: string;
  taskId: string;
  status: string;
  assignee: { id: string } | null;
}
const ITEM = 'id taskId status assignee { id }';

describe('who may act on a work item', () => {
  let h: Harness<Context>;
  const specs: Record<string, string> = {};
  beforeAll(async () => {
    h = await startHarness(workflowsSubgraph());
    // The test concert: its first task, HireVenue, is offered, allocated and started by users (open to everyone).
    const userInitiated = readSpecification('concert');
    for (const [name, xml] of Object.entries({ admins: FOR_ADMINS_XML, mandatory: MANDATORY_XML, skippable: SKIPPABLE_XML, userInitiated })) {
      const imported = await h.run<{ importSpecification: { specifications: { id: string }[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, { x: xml }, ada);
      expect(imported.errors).toBeUndefined();
      specs[name] = imported.data!.importSpecification.specifications[0]!.id;
    }
  });
  afterAll(() => h.close());

  const launch = async (specificationId: string = demo.specifications.concert) => {
    const launched = await h.run<{ launchCase: { id: string; workItems: Item[] } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id workItems { ${ITEM} } } }`, { s: specificationId }, uma);
    expect(launched.errors).toBeUndefined();
    const { id, workItems } = launched.data!.launchCase;
    return { caseId: id, item: workItems[0]! };
  };
  type Mutation = 'offerWorkItem' | 'allocateWorkItem' | 'startWorkItem' | 'completeWorkItem' | 'suspendWorkItem' | 'resumeWorkItem' | 'skipWorkItem' | 'cancelWorkItem';
  const act = (mutation: Mutation, id: string, as: Principal, args = ''): Promise<FormattedExecutionResult<Record<string, Item>>> =>
    h.run<Record<string, Item>>(`mutation($id: ID!) { ${mutation}(id: $id${args}) { ${ITEM} } }`, { id }, as);
  /** Acts and expects it to work, returning the item's new status. */
  const ok = async (mutation: Mutation, id: string, as: Principal, args = '') => {
    const result = await act(mutation, id, as, args);
    expect(result.errors).toBeUndefined();
    return result.data![mutation]!.status;
  };
  const queue = async (as: Principal) => (await h.run<{ workQueue: Item[] }>(`{ workQueue { ${ITEM} } }`, undefined, as)).data!.workQueue.map((i) => i.id);

  /** What a command leaves behind: the case's version, its event log, its outbox rows. */
  const written = async (caseId: string) => {
    const row = await h.built.createContext(ada).readCases((store, tenantId) => store.byId(tenantId, caseId));
    const history = await h.run<{ case: { history: unknown[] } }>(`query($id: ID!) { case(id: $id) { history { sequence } } }`, { id: caseId }, ada);
    const outboxRows = await h.deps.database.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.key, caseId));
    return { version: row?.version, events: history.data!.case.history.length, outbox: outboxRows.length };
  };
  /** Acts, expects FORBIDDEN with a message matching `why`, and that the case is exactly as it was. */
  const refused = async (mutation: Mutation, caseId: string, id: string, as: Principal, why: RegExp, args = '') => {
    const before = await written(caseId);
    const result = await act(mutation, id, as, args);
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors?.[0]?.message).toMatch(why);
    expect(await written(caseId)).toEqual(before);
  };

  it('allocate: a user claims an item offered to everyone, not one offered to a role they lack; an admin claims any', async () => {
    const open = await launch();
    const before = await written(open.caseId);
    expect(await ok('allocateWorkItem', open.item.id, uma)).toBe('ALLOCATED');
    // What a refusal must leave alone, and what a command writes: a version, an event, an outbox row.
    expect(await written(open.caseId)).toEqual({ version: before.version! + 1, events: before.events + 1, outbox: before.outbox + 1 });

    const forAdmins = await launch(specs.admins);
    expect(forAdmins.item.status).toBe('OFFERED');
    await refused('allocateWorkItem', forAdmins.caseId, forAdmins.item.id, uma, /is offered to roles \[admin\]; you are not among them/);
    expect(await ok('allocateWorkItem', forAdmins.item.id, ada)).toBe('ALLOCATED');
  });

  it('start: a user starts an item allocated to them or open to them, not one allocated to someone else', async () => {
    const { caseId, item } = await launch();
    await ok('allocateWorkItem', item.id, uma);
    await refused('startWorkItem', caseId, item.id, bob, new RegExp(`is allocated to user ${uma.userId}; only they or a tenant admin may start it`));
    expect(await ok('startWorkItem', item.id, uma)).toBe('STARTED');

    const forAdmins = await launch(specs.admins);
    await refused('startWorkItem', forAdmins.caseId, forAdmins.item.id, bob, /offered to roles \[admin\]/);
    const open = await launch();
    expect(await ok('startWorkItem', open.item.id, bob)).toBe('STARTED');
  });

  it('complete: only whoever started the item, or an admin, completes it', async () => {
    const { caseId, item } = await launch();
    await ok('startWorkItem', item.id, uma);
    const output = ', output: { venue: "Hall" }';
    await refused('completeWorkItem', caseId, item.id, bob, new RegExp(`is started by user ${uma.userId}; only they or a tenant admin may complete it`), output);
    expect(await ok('completeWorkItem', item.id, uma, output)).toBe('COMPLETED');

    const other = await launch();
    await ok('startWorkItem', other.item.id, bob);
    expect(await ok('completeWorkItem', other.item.id, ada, output)).toBe('COMPLETED');
  });

  it('suspend and resume: only the holder of the item, or an admin', async () => {
    const { caseId, item } = await launch();
    await refused('suspendWorkItem', caseId, item.id, uma, /not held by you/);
    await ok('startWorkItem', item.id, uma);
    await refused('suspendWorkItem', caseId, item.id, bob, /only they or a tenant admin may suspend it/);
    expect(await ok('suspendWorkItem', item.id, uma)).toBe('SUSPENDED');
    await refused('resumeWorkItem', caseId, item.id, bob, /only they or a tenant admin may resume it/);
    expect(await ok('resumeWorkItem', item.id, uma)).toBe('STARTED');
    expect(await ok('suspendWorkItem', item.id, ada)).toBe('SUSPENDED');
    expect(await ok('resumeWorkItem', item.id, ada)).toBe('STARTED');
  });

  it('skip: only where the task grants canSkip, and then only an item the user could start; admins always', async () => {
    // The demo concert grants no privileges: holding the item is not enough to skip it.
    const plain = await launch();
    await ok('allocateWorkItem', plain.item.id, uma);
    await refused('skipWorkItem', plain.caseId, plain.item.id, uma, /does not grant you the canSkip privilege/);
    expect(await ok('skipWorkItem', plain.item.id, ada)).toBe('SKIPPED');

    const { caseId, item } = await launch(specs.skippable);
    await ok('allocateWorkItem', item.id, uma);
    await refused('skipWorkItem', caseId, item.id, bob, /allocated to user/);
    expect(await ok('skipWorkItem', item.id, uma)).toBe('SKIPPED');
  });

  it('cancel: admins only', async () => {
    const { caseId, item } = await launch();
    await ok('startWorkItem', item.id, uma);
    await refused('cancelWorkItem', caseId, item.id, uma, /Requires role admin/);
    expect(await ok('cancelWorkItem', item.id, ada)).toBe('CANCELLED');
  });

  it('offerWorkItem: an admin offers an item of a user-initiated task to a person, and it moves to their queue alone', async () => {
    const { caseId, item } = await launch(specs.userInitiated);
    expect(item).toMatchObject({ taskId: 'HireVenue', status: 'ENABLED' });
    expect(await queue(bob)).toContain(item.id);

    await refused('offerWorkItem', caseId, item.id, uma, /Requires role admin/, `, participantIds: ["${uma.userId}"]`);
    expect(await ok('offerWorkItem', item.id, ada, `, participantIds: ["${uma.userId}"]`)).toBe('OFFERED');
    expect(await queue(uma)).toContain(item.id);
    expect(await queue(bob)).not.toContain(item.id);
    expect(await queue(ada)).not.toContain(item.id);
    await refused('allocateWorkItem', caseId, item.id, bob, new RegExp(`offered to users \\[${uma.userId}\\]; you are not among them`));

    // Offered again, to a role: the new offer replaces the old one.
    expect(await ok('offerWorkItem', item.id, ada, ', roles: [USER]')).toBe('OFFERED');
    expect(await queue(bob)).toContain(item.id);
    expect(await ok('allocateWorkItem', item.id, bob)).toBe('ALLOCATED');
    // Once claimed it is no longer for offering: the engine refuses the transition.
    expect((await act('offerWorkItem', item.id, ada, ', roles: [USER]')).errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('offerWorkItem: refuses an offer to nobody, to viewers or to ids that are not user ids, writing nothing', async () => {
    const { caseId, item } = await launch(specs.userInitiated);
    const before = await written(caseId);
    for (const args of ['', ', roles: [], participantIds: []', ', roles: [VIEWER]', ', participantIds: ["someone"]']) {
      const result = await act('offerWorkItem', item.id, ada, args);
      expect(result.errors?.[0]?.extensions?.code, args).toBe('BAD_USER_INPUT');
    }
    expect(await written(caseId)).toEqual(before);
  });

  it('completeWorkItem without output: refused when the task has mandatory output parameters, fine when it has none', async () => {
    const { caseId, item } = await launch(specs.mandatory);
    await ok('startWorkItem', item.id, uma);
    const before = await written(caseId);
    const missing = await act('completeWorkItem', item.id, uma);
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'venue', message: 'required' }] });
    expect(await written(caseId)).toEqual(before);
    expect(await ok('completeWorkItem', item.id, uma, ', output: { venue: "Hall" }')).toBe('COMPLETED');
    // SellTickets' output is optional and RunShow has none: both complete without output.
    for (const taskId of ['SellTickets', 'RunShow']) {
      const next = (await h.run<{ case: { workItems: Item[] } }>(`query($id: ID!) { case(id: $id) { workItems { ${ITEM} } } }`, { id: caseId }, uma)).data!.case.workItems.find(
        (i) => i.taskId === taskId,
      )!;
      await ok('startWorkItem', next.id, uma);
      expect(await ok('completeWorkItem', next.id, uma)).toBe('COMPLETED');
    }
  });

  it('checks against the item the command runs on: a start racing a claim by someone else never gets both through', async () => {
    for (let round = 0; round < 5; round++) {
      const { caseId, item } = await launch();
      // Were the check made before the transaction, Bob's start could pass it, Uma's claim commit, and Bob then start Uma's item.
      const attempts = await Promise.all([act('allocateWorkItem', item.id, uma), act('startWorkItem', item.id, bob)]);
      expect(attempts.filter((a) => !a.errors)).toHaveLength(1);
      // The loser ran after the winner committed (the item is someone else's now) or alongside it (the version guard).
      expect(['FORBIDDEN', 'CONFLICT']).toContain(attempts.find((a) => a.errors)!.errors![0]!.extensions!.code);
      const history = (await h.run<{ case: { history: { type: string }[] } }>(`query($id: ID!) { case(id: $id) { history { type } } }`, { id: caseId }, uma)).data!.case.history;
      expect(history.filter((e) => e.type === 'workitem.allocated' || e.type === 'workitem.started')).toHaveLength(1);
    }
  });
});
