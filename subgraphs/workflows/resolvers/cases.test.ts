import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_EVENTS_TOPIC, demo, type EventEnvelope } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { CONCERT, readSpecification } from '@flowgraph/yawl/testing/fixtures';
import { CONCERT_XML } from '../data/demo-specifications.js';
import { workflowsSubgraph } from '../index.js';

const user = principal(demo.users.user.id, demo.tenant.id, 'user');
const viewer = principal(demo.users.viewer.id, demo.tenant.id, 'viewer');
const outsider = principal('00000000-0000-4000-8000-00000000bbbb', '00000000-0000-4000-8000-00000000aaaa', 'admin');

const ITEM = `id taskId taskName status input`;
const QUEUE = `{ workQueue { ${ITEM} } }`;
type Item = { id: string; taskId: string; taskName: string | null; status: string; input: Record<string, unknown> | null };

describe('cases and work items', () => {
  let h: Harness<Context>;
  const published: EventEnvelope[] = [];
  beforeAll(async () => {
    h = await startHarness(workflowsSubgraph());
    await h.deps.events.subscribe({ groupId: 'cases-test', topic: CASE_EVENTS_TOPIC, handler: async (e) => void published.push(e) });
  });
  afterAll(() => h.close());

  const queue = async (as = user) => (await h.run<{ workQueue: Item[] }>(QUEUE, undefined, as)).data!.workQueue;
  const start = (id: string) => h.run<{ startWorkItem: Item }>(`mutation($id: ID!) { startWorkItem(id: $id) { ${ITEM} } }`, { id }, user);
  const complete = (id: string, output?: unknown) =>
    h.run<{ completeWorkItem: Item }>(`mutation($id: ID!, $o: JSON) { completeWorkItem(id: $id, output: $o) { ${ITEM} } }`, { id, o: output }, user);
  const caseOf = (id: string) =>
    h.run<{ case: { status: string; data: Record<string, unknown>; history: { sequence: number; type: string }[] } }>(
      `query($id: ID!) { case(id: $id) { status data history { sequence type } } }`,
      { id },
      user,
    );

  async function workThrough(caseId: string, outputs: Record<string, unknown>): Promise<string[]> {
    const done: string[] = [];
    for (let guard = 0; guard < 20; guard++) {
      const next = (await queue()).find((item) => item.id.startsWith(caseId));
      if (!next) break;
      const started = await start(next.id);
      expect(started.errors).toBeUndefined();
      // A task without an entry echoes its input back as its output.
      const output = next.taskId in outputs ? outputs[next.taskId] : (started.data!.startWorkItem.input ?? undefined);
      const completed = await complete(next.id, output);
      expect(completed.errors).toBeUndefined();
      expect(completed.data!.completeWorkItem.status).toBe('COMPLETED');
      done.push(next.taskId);
    }
    return done;
  }

  it('runs the demo order through the XOR split to completion, with ordered history and published events', async () => {
    const launched = await h.run<{ launchCase: { id: string; status: string } }>(
      `mutation($s: ID!, $i: JSON) { launchCase(specificationId: $s, input: $i) { id status } }`,
      { s: demo.specifications.orderFulfilment, i: { customer: 'ACME', amount: 1500 } },
      user,
    );
    expect(launched.errors).toBeUndefined();
    const caseId = launched.data!.launchCase.id;
    const tasks = await workThrough(caseId, { ReceiveOrder: { amount: 1500 }, ApproveOrder: { approved: true }, ShipOrder: undefined });
    expect(tasks).toEqual(['ReceiveOrder', 'ApproveOrder', 'ShipOrder']);
    const { data } = await caseOf(caseId);
    expect(data?.case.status).toBe('COMPLETED');
    expect(data?.case.data).toMatchObject({ customer: 'ACME', amount: 1500, approved: true });
    const sequences = data!.case.history.map((e) => e.sequence);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    expect(data!.case.history[0]?.type).toBe('case.started');
    expect(data!.case.history.at(-1)?.type).toBe('case.completed');
    await expect.poll(() => published.filter((e) => e.key === caseId).map((e) => e.type).at(-1), { timeout: 5000 }).toBe('workflow.case.completed');
    expect(published.find((e) => e.key === caseId)).toMatchObject({ type: 'workflow.case.started', tenantId: demo.tenant.id, data: { specificationId: demo.specifications.orderFulfilment } });
  });

  it('imports the test concert and runs it from launch to completion through its XOR split', async () => {
    const xml = readSpecification('concert');
    const imported = await h.run<{ importSpecification: { specifications: { id: string; name: string; runnable: boolean }[] } }>(
      `mutation($x: String!) { importSpecification(xml: $x) { specifications { id name runnable } warnings { code } } }`,
      { x: xml },
      user,
    );
    expect(imported.errors).toBeUndefined();
    const [spec] = imported.data!.importSpecification.specifications;
    expect(spec).toMatchObject({ name: CONCERT.title, runnable: true });
    const launched = await h.run<{ launchCase: { id: string } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: spec!.id }, user);
    const caseId = launched.data!.launchCase.id;
    const tasks = await workThrough(caseId, { SellTickets: { TicketPrice: 85.5, TicketsSold: 20000 }, StageShow: undefined });
    expect(tasks).toEqual([...CONCERT.path]);
    const { data } = await caseOf(caseId);
    expect(data?.case.status).toBe('COMPLETED');
    expect(data?.case.data).toMatchObject({ TicketsSold: 20000, TicketPrice: 85.5, Venue: 'Riverside Arena', Capacity: 18000 });
    const again = await h.run(`mutation($x: String!) { importSpecification(xml: $x) { warnings { code } } }`, { x: xml }, user);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    // Few tickets sold: the default flow, to RefundTickets, which the system offers to admins only.
    const poor = (await h.run<{ launchCase: { id: string } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: spec!.id }, user)).data!.launchCase.id;
    expect(await workThrough(poor, { SellTickets: { TicketPrice: 85.5, TicketsSold: 200 } })).toEqual(['HireVenue', 'SellTickets']);
    const admin = principal(demo.users.admin.id, demo.tenant.id, 'admin');
    expect((await queue(admin)).filter((i) => i.id.startsWith(poor)).map((i) => [i.taskId, i.status])).toEqual([['RefundTickets', 'OFFERED']]);
    expect((await caseOf(poor)).data?.case.status).toBe('RUNNING');
  });

  it('refuses bad XML, invalid launch input and output that breaks the declared types, writing nothing', async () => {
    const bad = await h.run(`mutation { importSpecification(xml: "<specificationSet") { warnings { code } } }`, undefined, user);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [expect.objectContaining({ code: 'XML_MALFORMED' })] });
    const badInput = await h.run(`mutation($s: ID!) { launchCase(specificationId: $s, input: { amount: "lots" }) { id } }`, { s: demo.specifications.orderFulfilment }, user);
    expect(badInput.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const before = (await h.run<{ cases: { edges: unknown[] } }>(`{ cases(first: 100) { edges { cursor } } }`, undefined, user)).data!.cases.edges.length;
    const launched = await h.run<{ launchCase: { id: string } }>(
      `mutation($s: ID!) { launchCase(specificationId: $s, input: { customer: "B", amount: 10 }) { id } }`,
      { s: demo.specifications.orderFulfilment },
      user,
    );
    const caseId = launched.data!.launchCase.id;
    const item = (await queue()).find((i) => i.id.startsWith(caseId))!;
    await start(item.id);
    const wrongType = await complete(item.id, { amount: 'ten' });
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const history = (await caseOf(caseId)).data!.case.history.map((e) => e.type);
    expect(history).not.toContain('workitem.completed');
    const unknown = await complete(`${caseId}:Nope:99`, {});
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await complete(item.id, { amount: 10 })).errors).toBeUndefined();
    const twice = await complete(item.id, { amount: 10 });
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const after = (await h.run<{ cases: { edges: unknown[] } }>(`{ cases(first: 100) { edges { cursor } } }`, undefined, user)).data!.cases.edges.length;
    expect(after).toBe(before + 1);
  });

  it('lets viewers read but not write, and hides cases from other tenants', async () => {
    const denied = await h.run(`mutation($s: ID!) { launchCase(specificationId: $s, input: { customer: "V", amount: 1 }) { id } }`, { s: demo.specifications.orderFulfilment }, viewer);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const page = await h.run<{ cases: { edges: { node: { id: string } }[] } }>(`{ cases(first: 1) { edges { node { id } } } }`, undefined, viewer);
    const [first] = page.data!.cases.edges;
    const foreign = await h.run(`query($id: ID!) { case(id: $id) { id } }`, { id: first!.node.id }, outsider);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await h.run<{ workQueue: unknown[] }>(QUEUE, undefined, outsider)).data?.workQueue).toEqual([]);
  });

  it('paginates cases newest first with cursors', async () => {
    const first = await h.run<{ cases: { edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      `{ cases(first: 2) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
      undefined,
      user,
    );
    expect(first.data!.cases.pageInfo.hasNextPage).toBe(true);
    const next = await h.run<{ cases: { edges: { node: { id: string } }[] } }>(`query($a: String) { cases(first: 2, after: $a) { edges { node { id } } } }`, { a: first.data!.cases.pageInfo.endCursor }, user);
    const ids = [...first.data!.cases.edges.map((e) => e.node.id), ...next.data!.cases.edges.map((e) => e.node.id)];
    expect(new Set(ids).size).toBe(ids.length);
    const bad = await h.run(`{ cases(after: "nonsense") { edges { cursor } } }`, undefined, user);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('offers items to the roles a system-initiated offer names, and only they see them in their queue', async () => {
    const xml = CONCERT_XML.replace('urn:flowgraph:demo:organise-concert', 'urn:test:offered').replace(
      // Resourcing goes after the task's mappings, just before what it decomposes to (the schema's order).
      '<decomposesTo id="BookVenue"/>',
      '<resourcing><offer initiator="system"><distributionSet><initialSet><role>admin</role></initialSet></distributionSet></offer><allocate initiator="user"/><start initiator="user"/></resourcing><decomposesTo id="BookVenue"/>',
    );
    const imported = await h.run<{ importSpecification: { specifications: { id: string }[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, { x: xml }, user);
    expect(imported.errors).toBeUndefined();
    const launched = await h.run<{ launchCase: { id: string; workItems: { status: string; taskId: string }[] } }>(
      `mutation($s: ID!) { launchCase(specificationId: $s) { id workItems { taskId status } } }`,
      { s: imported.data!.importSpecification.specifications[0]!.id },
      user,
    );
    expect(launched.data!.launchCase.workItems).toEqual([{ taskId: 'BookVenue', status: 'OFFERED' }]);
    const caseId = launched.data!.launchCase.id;
    const admin = principal(demo.users.admin.id, demo.tenant.id, 'admin');
    expect((await queue(admin)).filter((i) => i.id.startsWith(caseId)).map((i) => i.status)).toEqual(['OFFERED']);
    expect((await queue(user)).filter((i) => i.id.startsWith(caseId))).toEqual([]);
  });

  it('fires a task timer: an item nobody started is skipped when it expires, and the case moves on', { timeout: 20_000 }, async () => {
    const xml = CONCERT_XML.replace('urn:flowgraph:demo:organise-concert', 'urn:test:timed').replace(
      '<decomposesTo id="BookVenue"/></task>',
      '<timer><trigger>OnEnabled</trigger><duration>PT1S</duration></timer><decomposesTo id="BookVenue"/></task>',
    );
    const imported = await h.run<{ importSpecification: { specifications: { id: string }[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, { x: xml }, user);
    expect(imported.errors).toBeUndefined();
    const launched = await h.run<{ launchCase: { id: string } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: imported.data!.importSpecification.specifications[0]!.id }, user);
    const caseId = launched.data!.launchCase.id;
    const items = async () =>
      (await h.run<{ case: { workItems: { taskId: string; status: string }[] } }>(`query($id: ID!) { case(id: $id) { workItems { taskId status } } }`, { id: caseId }, user)).data!.case.workItems;
    expect(await items()).toEqual([{ taskId: 'BookVenue', status: 'ENABLED' }]);
    await expect.poll(items, { timeout: 10_000, interval: 200 }).toEqual([
      { taskId: 'BookVenue', status: 'SKIPPED' },
      { taskId: 'SellTickets', status: 'ENABLED' },
    ]);
    const history = (await caseOf(caseId)).data!.case.history.map((e) => e.type);
    expect(history).toContain('workitem.timer-expired');
  });

  it('caches a specification model for its cases and drops it when a new version of the specification is uploaded', async () => {
    const v1 = CONCERT_XML.replace('urn:flowgraph:demo:organise-concert', 'urn:test:cached');
    const importVersion = async (xml: string) =>
      (await h.run<{ importSpecification: { specifications: { id: string }[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, { x: xml }, user)).data!
        .importSpecification.specifications[0]!.id;
    const first = await importVersion(v1);
    await h.run(`mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: first }, user);
    expect(await h.deps.cache.get(`workflows:spec-model:${first}`)).toMatchObject({ uri: 'urn:test:cached' });
    await importVersion(v1.replace('<version>2.1</version>', '<version>2.2</version>'));
    expect(await h.deps.cache.get(`workflows:spec-model:${first}`)).toBeUndefined();
  });

  it.each([
    ['shipment', ['UNSUPPORTED_CODELET:ComputeDeadline', 'UNSUPPORTED_RESOURCING:PlanRoute']],
    ['triage', ['UNSUPPORTED_YAWL_SERVICE:Assess']],
  ] as const)('imports and verifies the test %s through GraphQL, with its warnings', async (name, warnings) => {
    const result = await h.run<{ importSpecification: { specifications: { runnable: boolean; xml: string }[]; warnings: { code: string; elementId: string }[] } }>(
      `mutation($x: String!) { importSpecification(xml: $x) { specifications { runnable xml } warnings { code elementId } } }`,
      { x: readSpecification(name) },
      user,
    );
    expect(result.errors).toBeUndefined();
    const [spec] = result.data!.importSpecification.specifications;
    expect(spec?.runnable).toBe(true);
    expect(spec?.xml).toContain('<specificationSet');
    expect(result.data!.importSpecification.warnings.map((w) => `${w.code}:${w.elementId}`).sort()).toEqual(warnings);
  });
});
