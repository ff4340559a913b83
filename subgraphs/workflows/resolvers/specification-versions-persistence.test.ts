import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPGlite, demo, openDatabase, type PGlite } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { CONCERT_XML } from '../data/demo-specifications.js';
import { workflowsSubgraph } from '../index.js';

const user = principal(demo.users.user.id, demo.tenant.id, 'user');
const URI = 'urn:test:versions';

/** v2.1: BookVenue → SellTickets → RunShow, as the demo concert. */
const V1 = CONCERT_XML.replace('urn:flowgraph:demo:organise-concert', URI);
/** v2.2 of the same specification: SellTickets is gone, BookVenue leads straight to RunShow. */
const V2 = V1.replace('<version>2.1</version>', '<version>2.2</version>')
  .replace('<task id="BookVenue"><name>Book venue</name><flowsInto><nextElementRef id="SellTickets"/></flowsInto>', '<task id="BookVenue"><name>Book venue</name><flowsInto><nextElementRef id="RunShow"/></flowsInto>')
  .replace(/<task id="SellTickets">[\s\S]*?<\/task>/, '');

type Item = { id: string; taskId: string; status: string };
type CaseView = { status: string; data: Record<string, unknown>; specification: { id: string; version: string }; workItems: Item[] };
const CASE = `status data specification { id version } workItems { id taskId status }`;

/**
 * Cases are launched on one version of a specification (its row id) and keep running on that
 * version's model whatever is uploaded later. The case is carried on by a second subgraph instance
 * over the same store, with nothing cached, so it is what the rows say, not what a process remembers.
 */
describe('a running case keeps its specification version', () => {
  let store: PGlite;
  let first: Harness<Context>;
  let second: Harness<Context>;
  beforeAll(async () => {
    store = createPGlite();
    first = await startHarness(workflowsSubgraph(), { database: await openDatabase({ pglite: store }) });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await store?.close();
  });

  const run = async <T>(h: Harness<Context>, query: string, variables?: Record<string, unknown>) => {
    const result = await h.run<T>(query, variables, user);
    expect(result.errors).toBeUndefined();
    return result.data!;
  };
  const importVersion = async (h: Harness<Context>, xml: string) =>
    (await run<{ importSpecification: { specifications: { id: string; identifier: string; version: string }[] } }>(h, `mutation($x: String!) { importSpecification(xml: $x) { specifications { id identifier version } } }`, { x: xml }))
      .importSpecification.specifications[0]!;
  const launch = async (h: Harness<Context>, specificationId: string) => (await run<{ launchCase: { id: string } }>(h, `mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: specificationId })).launchCase.id;
  const caseOf = async (h: Harness<Context>, id: string) => (await run<{ case: CaseView }>(h, `query($id: ID!) { case(id: $id) { ${CASE} } }`, { id })).case;
  const liveItem = async (h: Harness<Context>, caseId: string) => (await caseOf(h, caseId)).workItems.filter((i) => i.status === 'ENABLED' || i.status === 'STARTED');
  const start = (h: Harness<Context>, id: string) => run<{ startWorkItem: Item }>(h, `mutation($id: ID!) { startWorkItem(id: $id) { id status } }`, { id });
  const complete = (h: Harness<Context>, id: string, output?: unknown) =>
    run<{ completeWorkItem: Item }>(h, `mutation($id: ID!, $o: JSON) { completeWorkItem(id: $id, output: $o) { id status } }`, { id, o: output });

  /** Completes the case's one live item (starting it first if need be); the task it was. */
  async function finishNext(h: Harness<Context>, caseId: string, output?: unknown): Promise<string> {
    const [item] = await liveItem(h, caseId);
    expect(item).toBeDefined();
    if (item!.status === 'ENABLED') await start(h, item!.id);
    expect((await complete(h, item!.id, output)).completeWorkItem.status).toBe('COMPLETED');
    return item!.taskId;
  }

  it('continues a case on v2.1 after v2.2 is uploaded, including a task v2.2 dropped; new launches run the version they name', async () => {
    const v1 = await importVersion(first, V1);
    const caseId = await launch(first, v1.id);
    expect(await finishNext(first, caseId, { venue: 'Arena' })).toBe('BookVenue');
    expect((await liveItem(first, caseId)).map((i) => [i.taskId, i.status])).toEqual([['SellTickets', 'ENABLED']]);

    const v2 = await importVersion(first, V2);
    expect(v2).toMatchObject({ identifier: URI, version: '2.2' });
    expect(v2.id).not.toBe(v1.id);
    const listed = (await run<{ specifications: { id: string; identifier: string; version: string }[] }>(first, `{ specifications { id identifier version } }`)).specifications;
    expect(listed.filter((s) => s.identifier === URI).map((s) => s.version).sort()).toEqual(['2.1', '2.2']);

    // The same instance, right after the upload dropped its cached models of this specification.
    const [sellTickets] = await liveItem(first, caseId);
    expect((await start(first, sellTickets!.id)).startWorkItem.status).toBe('STARTED');

    // Another instance over the same rows finishes the case on v2.1's model.
    second = await startHarness(workflowsSubgraph(), { database: await openDatabase({ pglite: store }) });
    const resumed = await caseOf(second, caseId);
    expect(resumed.specification).toEqual({ id: v1.id, version: '2.1' });
    expect(resumed.workItems.map((i) => [i.taskId, i.status])).toEqual([
      ['BookVenue', 'COMPLETED'],
      ['SellTickets', 'STARTED'],
    ]);
    expect(await finishNext(second, caseId, { ticketsSold: 1200 })).toBe('SellTickets');
    expect(await finishNext(second, caseId)).toBe('RunShow');
    const done = await caseOf(second, caseId);
    expect(done.status).toBe('COMPLETED');
    expect(done.data).toEqual({ venue: 'Arena', ticketsSold: 1200 });

    // A launch runs the version it names: v2.2 goes straight from BookVenue to RunShow…
    const onV2 = await launch(second, v2.id);
    expect((await caseOf(second, onV2)).specification).toEqual({ id: v2.id, version: '2.2' });
    expect(await finishNext(second, onV2, { venue: 'Club' })).toBe('BookVenue');
    expect((await liveItem(second, onV2)).map((i) => i.taskId)).toEqual(['RunShow']);
    // …and v2.1 can still be launched by its id, running its own model.
    const againOnV1 = await launch(second, v1.id);
    expect(await finishNext(second, againOnV1, { venue: 'Hall' })).toBe('BookVenue');
    expect((await liveItem(second, againOnV1)).map((i) => i.taskId)).toEqual(['SellTickets']);
  });

  it('refuses to upload a version that exists already with CONFLICT, storing no third version', async () => {
    const again = await first.run(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, { x: V1 }, user);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const versions = (await run<{ specifications: { identifier: string; version: string }[] }>(first, `{ specifications { identifier version } }`)).specifications;
    expect(versions.filter((s) => s.identifier === URI)).toHaveLength(2);
  });
});
