import { randomUUID } from 'node:crypto';
// The CommonJS build, which the schema (built by @apollo/subgraph) uses: under vitest a bare `graphql` is the ESM build, another realm.
import { parse, subscribe, type ExecutionResult } from 'graphql/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_EVENTS_TOPIC, createEnvelope, demo, type Principal } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { CONCERT_XML } from '../data/demo-specifications.js';
import { workflowsSubgraph } from '../index.js';
import { SUBSCRIPTION_BUFFER_LIMIT } from './subscription-stream.js';

const admin = principal(demo.users.admin.id, demo.tenant.id, 'admin');
const user = principal(demo.users.user.id, demo.tenant.id, 'user');
const viewer = principal(demo.users.viewer.id, demo.tenant.id, 'viewer');
const outsider = principal('00000000-0000-4000-8000-00000000bbbb', '00000000-0000-4000-8000-00000000aaaa', 'admin');

const WORK_QUEUE_CHANGED = parse(`subscription { workQueueChanged { kind eventType workItem { id taskId status } } }`);
interface Change {
  kind: string;
  eventType: string;
  workItem: { id: string; taskId: string; status: string };
}

/** BookVenue offered by the system to the admin role and to the viewer by id; the demo user is neither. */
const OFFERED_XML = CONCERT_XML.replace('urn:flowgraph:demo:organise-concert', 'urn:test:queue-offered').replace(
  // Resourcing goes after the task's mappings, just before what it decomposes to (the schema's order).
  '<decomposesTo id="BookVenue"/>',
  `<resourcing><offer initiator="system"><distributionSet><initialSet><participant>${demo.users.viewer.id}</participant><role>admin</role></initialSet></distributionSet></offer>` +
    '<allocate initiator="user"/><start initiator="user"/></resourcing><decomposesTo id="BookVenue"/>',
);

describe('workQueueChanged', () => {
  let h: Harness<Context>;
  let specificationId: string;
  const open: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    h = await startHarness(workflowsSubgraph());
    const imported = await h.run<{ importSpecification: { specifications: { id: string }[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, { x: OFFERED_XML }, admin);
    expect(imported.errors).toBeUndefined();
    specificationId = imported.data!.importSpecification.specifications[0]!.id;
  });
  afterAll(async () => {
    await Promise.all(open.map((subscription) => subscription.close()));
    await h.close();
  });

  /** Opens the subscription as `as` on the guarded schema; it is live once this resolves. */
  async function openQueue(as: Principal, read = true) {
    const stream = await subscribe({ schema: h.built.schema, document: WORK_QUEUE_CHANGED, contextValue: h.built.createContext(as) });
    if (!(Symbol.asyncIterator in stream)) throw new Error(`subscription refused: ${JSON.stringify(stream.errors)}`);
    const results: ExecutionResult[] = [];
    const reading = read
      ? (async () => {
          for await (const result of stream) results.push(result);
        })()
      : Promise.resolve();
    const subscription = {
      stream,
      results,
      changes: (caseId: string) => results.flatMap((r) => ((r.data?.workQueueChanged as Change | undefined)?.workItem.id.startsWith(caseId) ? [r.data!.workQueueChanged as Change] : [])),
      close: async () => {
        await stream.return?.();
        await reading;
      },
    };
    open.push(subscription);
    return subscription;
  }

  const launch = async () => {
    const launched = await h.run<{ launchCase: { id: string; workItems: { id: string }[] } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id workItems { id } } }`, { s: specificationId }, user);
    expect(launched.errors).toBeUndefined();
    return { caseId: launched.data!.launchCase.id, itemId: launched.data!.launchCase.workItems[0]!.id };
  };
  const act = async (mutation: 'allocateWorkItem' | 'cancelWorkItem', id: string, as: Principal) => {
    const result = await h.run(`mutation($id: ID!) { ${mutation}(id: $id) { status } }`, { id }, as);
    expect(result.errors).toBeUndefined();
  };

  it('delivers items offered to a role or to a person by id only to them, and follows the item until it leaves', async () => {
    const [adminQueue, viewerQueue, userQueue, outsiderQueue] = await Promise.all([openQueue(admin), openQueue(viewer), openQueue(user), openQueue(outsider)]);
    const { caseId, itemId } = await launch();
    await expect.poll(() => adminQueue.changes(caseId).length + viewerQueue.changes(caseId).length).toBe(2);
    // The launch enabled and offered the item in one command: one addition each, as offered.
    expect(adminQueue.changes(caseId)).toEqual([{ kind: 'ADDED', eventType: 'workitem.enabled', workItem: { id: itemId, taskId: 'BookVenue', status: 'OFFERED' } }]);
    expect(viewerQueue.changes(caseId)).toEqual([{ kind: 'ADDED', eventType: 'workitem.enabled', workItem: { id: itemId, taskId: 'BookVenue', status: 'OFFERED' } }]);

    await act('allocateWorkItem', itemId, admin);
    await expect.poll(() => adminQueue.changes(caseId).length + viewerQueue.changes(caseId).length).toBe(4);
    expect(adminQueue.changes(caseId)[1]).toMatchObject({ kind: 'UPDATED', eventType: 'workitem.allocated', workItem: { status: 'ALLOCATED' } });
    expect(viewerQueue.changes(caseId)[1]).toMatchObject({ kind: 'REMOVED', eventType: 'workitem.allocated', workItem: { status: 'ALLOCATED' } });

    await act('cancelWorkItem', itemId, admin);
    await expect.poll(() => adminQueue.changes(caseId).length).toBe(3);
    expect(adminQueue.changes(caseId)[2]).toMatchObject({ kind: 'REMOVED', eventType: 'workitem.cancelled', workItem: { status: 'CANCELLED' } });

    // Everything above went through the same feed; the user, not offered the item, and the other tenant got none of it.
    expect(userQueue.results).toEqual([]);
    expect(outsiderQueue.results).toEqual([]);
    expect(viewerQueue.changes(caseId)).toHaveLength(2);
    // Closed here so they do not read through the next test's flood.
    await Promise.all([adminQueue, viewerQueue, userQueue, outsiderQueue].map((subscription) => subscription.close()));
  });

  it('ends with SLOW_CONSUMER when more events wait unread than the buffer holds', async () => {
    const slow = await openQueue(admin, false);
    let fed = 0;
    const counting = h.built.createContext(admin).feed.listen(() => void (fed += 1));
    const caseId = randomUUID();
    const flood = Array.from({ length: SUBSCRIPTION_BUFFER_LIMIT + 1 }, (_, i) =>
      createEnvelope({
        type: 'workflow.workitem.offered',
        source: 'test',
        tenantId: demo.tenant.id,
        key: caseId,
        data: { caseId, specificationId, sequence: i + 1, workItemId: `${caseId}:BookVenue:1` },
      }),
    );
    await h.deps.events.publish(CASE_EVENTS_TOPIC, flood);
    // The feed hands each event to every listener in turn: once this one has them all, so has the subscription.
    await expect.poll(() => fed).toBe(flood.length);
    counting();
    const first = await slow.stream.next();
    expect(first.done).toBe(false);
    expect((first.value as ExecutionResult).errors?.map((e) => e.extensions?.code)).toEqual(['SLOW_CONSUMER']);
    expect((await slow.stream.next()).done).toBe(true);
  });
});
