import { eq } from 'drizzle-orm';
// The CommonJS build, which the schema (built by @apollo/subgraph) uses: under vitest a bare `graphql` is the ESM build, another realm.
import { parse, subscribe, type ExecutionResult } from 'graphql/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { atomicXml, netXml, specXml, taskXml, variableXml } from '@flowgraph/yawl/testing/fixtures';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { workItems } from '../data/schema.js';
import { workflowsSubgraph } from '../index.js';

const ada = principal(demo.users.admin.id, demo.tenant.id, 'admin');
const uma = principal(demo.users.user.id, demo.tenant.id, 'user');

const escaped = (xml: string) => xml.replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Party: Plan, a composite task running PlanNet, then Invite, a multiple-instance task with one
 * instance per guest whose replies are joined into `replies`. PlanNet reuses the root net's ids, as
 * YAWL allows (ids are scoped to their net): its own InputCondition and OutputCondition, and a task
 * Invite of its own (atomic, named differently).
 */
const PARTY_XML = specXml(
  netXml('Party', [
    '<inputCondition id="InputCondition"><flowsInto><nextElementRef id="Plan"/></flowsInto></inputCondition>',
    taskXml('Plan', ['Invite'], { decomposesTo: 'PlanNet' }),
    taskXml('Invite', ['OutputCondition'], {
      type: 'MultipleInstanceExternalTaskFactsType',
      decomposesTo: 'InviteD',
      body: `<startingMappings><mapping><expression query="${escaped('<guests>{/Party/guests/*}</guests>')}"/><mapsTo>guest</mapsTo></mapping></startingMappings>`,
      tail: `<minimum>1</minimum><maximum>10</maximum><threshold>10</threshold><creationMode code="static"/>
        <miDataInput><expression query="${escaped('<guests>{/Party/guests/*}</guests>')}"/><splittingExpression query="for $g in /guests/name return $g"/><formalInputParam>guest</formalInputParam></miDataInput>
        <miDataOutput><formalOutputExpression query="/InviteD/reply"/><outputJoiningExpression query="${escaped('<replies>{for $r in /InviteD/reply return $r}</replies>')}"/><resultAppliedToLocalVariable>replies</resultAppliedToLocalVariable></miDataOutput>`,
    }),
    '<outputCondition id="OutputCondition"/>',
  ].join(''), {
    variables: variableXml('localVariable', 'guests', 'string', 0, `<initialValue>${escaped('<name>ann</name><name>bob</name>')}</initialValue>`) + variableXml('localVariable', 'replies', 'string', 1),
  }) +
    netXml('PlanNet', [
      '<inputCondition id="InputCondition"><flowsInto><nextElementRef id="Invite"/></flowsInto></inputCondition>',
      taskXml('Invite', ['OutputCondition'], { decomposesTo: 'DraftD' }).replace('<task id="Invite">', '<task id="Invite"><name>Draft the invitation</name>'),
      '<outputCondition id="OutputCondition"/>',
    ].join(''), { root: false }) +
    atomicXml('DraftD') +
    atomicXml('InviteD', variableXml('inputParam', 'guest', 'string', 0) + variableXml('outputParam', 'reply', 'string', 1)),
)
  .replace('uri="Test"', 'uri="urn:test:work-item-structure"')
  .replace('<task id="Invite" xsi:type="MultipleInstanceExternalTaskFactsType">', '<task id="Invite" xsi:type="MultipleInstanceExternalTaskFactsType"><name>Invite a guest</name>');

interface Item {
  id: string;
  taskId: string;
  taskName: string | null;
  kind: string;
  status: string;
  parent: { id: string; kind: string } | null;
  children: { id: string; kind: string; status: string }[];
}
const ITEM = 'id taskId taskName kind status parent { id kind } children { id kind status }';

describe('work item kinds, parents and children', () => {
  let h: Harness<Context>;
  let specificationId: string;
  beforeAll(async () => {
    h = await startHarness(workflowsSubgraph());
    const imported = await h.run<{ importSpecification: { specifications: { id: string }[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, { x: PARTY_XML }, ada);
    expect(imported.errors).toBeUndefined();
    specificationId = imported.data!.importSpecification.specifications[0]!.id;
  });
  afterAll(() => h.close());

  const caseItems = async (caseId: string) => {
    const result = await h.run<{ case: { workItems: Item[]; history: { type: string; taskId: string | null }[] } }>(
      `query($id: ID!) { case(id: $id) { workItems { ${ITEM} } history { type taskId } } }`, { id: caseId }, uma);
    expect(result.errors).toBeUndefined();
    return result.data!.case;
  };
  const queue = async () => {
    const result = await h.run<{ workQueue: Item[] }>(`{ workQueue { ${ITEM} } }`, undefined, uma);
    expect(result.errors).toBeUndefined();
    return result.data!.workQueue;
  };
  const ok = async (mutation: string, id: string, args = '') => {
    const result = await h.run<Record<string, Item>>(`mutation($id: ID!) { ${mutation}(id: $id${args}) { ${ITEM} } }`, { id }, uma);
    expect(result.errors).toBeUndefined();
    return result.data![mutation]!;
  };

  it('imports a subnet reusing the root net\'s ids, runs its composite task without anyone starting it, then shows the MI parent with its children, and only the children in the queue', async () => {
    const before = new Set((await queue()).map((item) => item.id));
    const launched = await h.run<{ launchCase: { id: string; workItems: Item[] } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id workItems { ${ITEM} } } }`, { s: specificationId }, uma);
    expect(launched.errors).toBeUndefined();
    const caseId = launched.data!.launchCase.id;
    // The composite task Plan has no work item in the graph; its subnet's Invite is the one new item.
    const draftItem = { id: expect.any(String), taskId: 'Invite', taskName: 'Draft the invitation', kind: 'ATOMIC', status: 'ENABLED', parent: null, children: [] };
    expect(launched.data!.launchCase.workItems).toEqual([draftItem]);
    const draft = launched.data!.launchCase.workItems[0]!;
    expect((await queue()).filter((item) => !before.has(item.id))).toEqual([draftItem]);
    expect((await caseItems(caseId)).history.filter((event) => event.taskId === 'Plan').map((event) => event.type)).toEqual(['workitem.enabled', 'workitem.started']);

    await ok('startWorkItem', draft.id);
    await ok('completeWorkItem', draft.id);
    const { workItems: items, history } = await caseItems(caseId);
    expect(history.filter((event) => event.taskId === 'Plan').map((event) => event.type)).toEqual(['workitem.enabled', 'workitem.started', 'workitem.completed']);
    const parent = items.find((item) => item.kind === 'MULTI_INSTANCE_PARENT')!;
    // The root net's Invite, told apart from the subnet's by the net its item runs in.
    expect(parent).toMatchObject({ taskId: 'Invite', taskName: 'Invite a guest', status: 'STARTED', parent: null });
    expect(parent.children).toHaveLength(2);
    expect(parent.children.every((child) => child.kind === 'MULTI_INSTANCE_CHILD' && child.status === 'ENABLED')).toBe(true);
    const children = items.filter((item) => item.kind === 'MULTI_INSTANCE_CHILD');
    expect(children.map((child) => child.id)).toEqual(parent.children.map((child) => child.id));
    expect(children.every((child) => child.parent?.id === parent.id && child.parent.kind === 'MULTI_INSTANCE_PARENT' && child.children.length === 0)).toBe(true);

    // The parent is the engine's: never in a queue, and nobody but an admin may even try to act on it.
    const mine = (await queue()).filter((item) => !before.has(item.id));
    expect(mine.map((item) => item.id).sort()).toEqual(children.map((child) => child.id).sort());
    const refused = await h.run(`mutation($id: ID!) { startWorkItem(id: $id) { id } }`, { id: parent.id }, uma);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const asAdmin = await h.run(`mutation($id: ID!) { startWorkItem(id: $id) { id } }`, { id: parent.id }, ada);
    expect(asAdmin.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', engineCode: 'INVALID_TRANSITION' });

    // The projection records each row's kind; the queue reads it.
    const rows = await h.deps.database.db.select({ id: workItems.id, kind: workItems.kind, taskName: workItems.taskName }).from(workItems).where(eq(workItems.caseId, caseId));
    expect(Object.fromEntries(rows.map((row) => [row.id, [row.kind, row.taskName]]))).toEqual({
      [`${caseId}:Plan:1`]: ['composite', 'Plan'],
      [draft.id]: ['atomic', 'Draft the invitation'],
      [parent.id]: ['multiple', 'Invite a guest'],
      ...Object.fromEntries(children.map((child) => [child.id, ['instance', 'Invite a guest']])),
    });

    // Completing the children completes the parent, which the queue never showed, and the case.
    for (const [index, child] of children.entries()) {
      await ok('startWorkItem', child.id);
      await ok('completeWorkItem', child.id, `, output: { reply: "${index === 0 ? 'yes' : 'no'}" }`);
    }
    const done = await h.run<{ case: { status: string } }>(`query($id: ID!) { case(id: $id) { status } }`, { id: caseId }, uma);
    expect(done.data!.case.status).toBe('COMPLETED');
    expect((await caseItems(caseId)).workItems.find((item) => item.id === parent.id)).toMatchObject({ status: 'COMPLETED', children: [{ status: 'COMPLETED' }, { status: 'COMPLETED' }] });
  });

  it('resolves a work item reference with its kind and structure, and none for a composite task', async () => {
    const launched = await h.run<{ launchCase: { id: string; workItems: Item[] } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id workItems { id } } }`, { s: specificationId }, uma);
    const caseId = launched.data!.launchCase.id;
    const draft = launched.data!.launchCase.workItems[0]!;
    const composite = `${caseId}:Plan:1`;
    const entities = await h.run<{ _entities: (Item | null)[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on WorkItem { ${ITEM} } } }`,
      { r: [{ __typename: 'WorkItem', id: draft.id }, { __typename: 'WorkItem', id: composite }] },
      uma,
    );
    expect(entities.errors).toBeUndefined();
    expect(entities.data!._entities).toEqual([{ id: draft.id, taskId: 'Invite', taskName: 'Draft the invitation', kind: 'ATOMIC', status: 'ENABLED', parent: null, children: [] }, null]);
    // Acting on the composite's id finds nothing to act on.
    const cancelled = await h.run(`mutation($id: ID!) { cancelWorkItem(id: $id) { id } }`, { id: composite }, ada);
    expect(cancelled.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('workQueueChanged with composite and multiple-instance tasks', () => {
  let h: Harness<Context>;
  let specificationId: string;
  beforeAll(async () => {
    h = await startHarness(workflowsSubgraph());
    const imported = await h.run<{ importSpecification: { specifications: { id: string }[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, { x: PARTY_XML }, ada);
    expect(imported.errors).toBeUndefined();
    specificationId = imported.data!.importSpecification.specifications[0]!.id;
  });
  afterAll(() => h.close());

  it('tells a person about the subnet\'s item and the MI instances, never the composite task or the MI parent', async () => {
    const stream = await subscribe({
      schema: h.built.schema,
      document: parse('subscription { workQueueChanged { kind eventType workItem { id taskId kind } } }'),
      contextValue: h.built.createContext(uma),
    });
    if (!(Symbol.asyncIterator in stream)) throw new Error(`subscription refused: ${JSON.stringify(stream.errors)}`);
    const changes: { kind: string; workItem: { id: string; taskId: string; kind: string } }[] = [];
    const reading = (async () => {
      for await (const result of stream as AsyncIterable<ExecutionResult>) changes.push(result.data!.workQueueChanged as (typeof changes)[number]);
    })();
    try {
      const launched = await h.run<{ launchCase: { id: string; workItems: { id: string }[] } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id workItems { id } } }`, { s: specificationId }, uma);
      const caseId = launched.data!.launchCase.id;
      const draft = launched.data!.launchCase.workItems[0]!.id;
      const parent = `${caseId}:Invite:3`;
      const children = [`${parent}.1`, `${parent}.2`];
      const run = async (mutation: string, id: string, args = '') => expect((await h.run(`mutation($id: ID!) { ${mutation}(id: $id${args}) { id } }`, { id }, uma)).errors).toBeUndefined();
      // Each change is judged on the item as it is when read, so each step waits for the last to be told.
      const told = (kind: string, id: string) => expect.poll(() => changes.some((change) => change.kind === kind && change.workItem.id === id), { timeout: 20_000 }).toBe(true);
      await told('ADDED', draft);
      await run('startWorkItem', draft);
      await run('completeWorkItem', draft);
      await told('REMOVED', draft);
      for (const child of children) await told('ADDED', child);
      for (const child of children) {
        await run('startWorkItem', child);
        await run('completeWorkItem', child, ', output: { reply: "yes" }');
        await told('REMOVED', child);
      }
      const ofCase = changes.filter((change) => change.workItem.id.startsWith(caseId));
      expect(Object.fromEntries(ofCase.map((change) => [change.workItem.id, change.workItem.kind]))).toEqual({
        [draft]: 'ATOMIC', [children[0]!]: 'MULTI_INSTANCE_CHILD', [children[1]!]: 'MULTI_INSTANCE_CHILD',
      });
      expect(ofCase.filter((change) => change.kind === 'ADDED').map((change) => change.workItem.id)).toEqual([draft, ...children]);
    } finally {
      await stream.return?.();
      await reading;
    }
  });
});
