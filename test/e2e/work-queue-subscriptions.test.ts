import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { login, concertOutput, concertXml } from '../support/e2e.js';
import { sleep, subscribe, type Subscriber, until, untilProbeSeen } from '../support/graphql-ws-client.js';
import { postGraphQL } from '../support/http.js';
import { startLivePlatform, type LivePlatform } from '../support/live-platform.js';

interface Change {
  kind: 'ADDED' | 'UPDATED' | 'REMOVED';
  eventType: string;
  occurredAt: string;
  cursor: string;
  workItem: { id: string; taskId: string; status: string; assignee: { email: string } | null; case: { id: string } };
}
type Changes = { workQueueChanged: Change };

const WORK_QUEUE_CHANGED = `subscription {
  workQueueChanged {
    kind eventType occurredAt cursor
    workItem { id taskId status assignee { email } case { id } }
  }
}`;

const changes = (subscriber: Subscriber<Changes>, caseId?: string) =>
  subscriber.results.flatMap((r) => (r.data?.workQueueChanged && (!caseId || r.data.workQueueChanged.workItem.case.id === caseId) ? [r.data.workQueueChanged] : []));
/** What a person sees change in their queue for one case: kind, task, status, who holds it. */
const seen = (subscriber: Subscriber<Changes>, caseId: string) =>
  changes(subscriber, caseId).map((c) => [c.kind, c.workItem.taskId, c.workItem.status, c.workItem.assignee?.email ?? null]);

/**
 * `workQueueChanged` through the gateway on the real services (Postgres, Kafka): two people of the demo
 * tenant, whose concert items are open to everyone, and the admin of another tenant.
 */
// Deadlines bound a failure on a loaded machine; a pass never waits for them.
describe('work queue subscriptions', { timeout: 180_000 }, () => {
  let platform: LivePlatform;
  let uma: string;
  let ada: string;
  let other: string;
  /** The concert's id in the demo tenant, and in the other tenant. */
  let concert: string;
  let otherConcert: string;
  const open: Subscriber<Changes>[] = [];

  const gql = async <T>(token: string, query: string, variables?: Record<string, unknown>) => {
    const result = await postGraphQL<T>(platform.url, query, { token, variables });
    expect(result.body.errors).toBeUndefined();
    return result.body.data!;
  };
  const importConcert = async (token: string) => {
    const imported = await gql<{ importSpecification: { specifications: { id: string }[] } }>(token, `mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, {
      x: concertXml(),
    });
    return imported.importSpecification.specifications[0]!.id;
  };
  const launch = async (token: string, specificationId = concert) =>
    (await gql<{ launchCase: { id: string } }>(token, `mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: specificationId })).launchCase.id;
  const queueOf = (token: string) => subscribe<Changes>({ url: platform.wsUrl, connectionParams: { authorization: `Bearer ${token}` }, query: WORK_QUEUE_CHANGED });

  /** Launches probe cases until one shows up in `subscriber`'s queue (see untilProbeSeen). */
  const whenLive = (subscriber: Subscriber<Changes>, probe: () => Promise<string> = () => launch(uma)) =>
    untilProbeSeen(probe, (probes) => changes(subscriber).some((c) => probes.has(c.workItem.case.id)));

  beforeAll(async () => {
    platform = await startLivePlatform();
    uma = await login(platform.url, demo.users.user.email);
    ada = await login(platform.url, demo.users.admin.email);
    const slug = `queue-${randomUUID().slice(0, 8)}`;
    const signedUp = await postGraphQL<{ signUp: { accessToken: string } }>(platform.url, `mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }`, {
      variables: { i: { tenantName: 'Other Queue', tenantSlug: slug, email: `${slug}@example.com`, name: 'Other Admin', password: 'other-password-123' } },
    });
    expect(signedUp.body.errors).toBeUndefined();
    other = signedUp.body.data!.signUp.accessToken;
    concert = await importConcert(uma);
    otherConcert = await importConcert(other);
  });
  afterAll(async () => {
    await Promise.all(open.map((subscriber) => subscriber.close()));
    await platform?.close();
  });

  it("tells each person what enters, changes in and leaves their own queue, and another tenant's nothing", async () => {
    const umaQueue = queueOf(uma);
    const adaQueue = queueOf(ada);
    const otherQueue = queueOf(other);
    open.push(umaQueue, adaQueue, otherQueue);
    await whenLive(umaQueue);
    await whenLive(adaQueue);
    // Its own probe cases prove the other tenant's subscription is live, so what it lacks below means something.
    const otherProbes = await whenLive(otherQueue, () => launch(other, otherConcert));

    // The launch enables HireVenue, open to everyone in the tenant.
    const caseId = await launch(uma);
    await until('HireVenue in both queues', () => changes(umaQueue, caseId).length === 1 && changes(adaQueue, caseId).length === 1, 60_000);
    expect(seen(umaQueue, caseId)).toEqual([['ADDED', 'HireVenue', 'ENABLED', null]]);
    expect(seen(adaQueue, caseId)).toEqual([['ADDED', 'HireVenue', 'ENABLED', null]]);
    const added = changes(umaQueue, caseId)[0]!;
    expect(added).toMatchObject({ eventType: 'workitem.enabled', cursor: expect.any(String) });
    expect(Number.isNaN(Date.parse(added.occurredAt))).toBe(false);
    const itemId = added.workItem.id;

    // Opened while the item is already queued: its first change about it is an update, not an addition.
    const umaLater = queueOf(uma);
    open.push(umaLater);
    await whenLive(umaLater);

    const started = await gql<{ startWorkItem: { input: Record<string, unknown> | null } }>(uma, `mutation($id: ID!) { startWorkItem(id: $id) { input } }`, { id: itemId });
    await until('the start everywhere', () => changes(umaQueue, caseId).length === 2 && changes(adaQueue, caseId).length === 2 && changes(umaLater, caseId).length === 1, 60_000);
    expect(seen(umaQueue, caseId)[1]).toEqual(['UPDATED', 'HireVenue', 'STARTED', demo.users.user.email]);
    expect(seen(umaLater, caseId)).toEqual([['UPDATED', 'HireVenue', 'STARTED', demo.users.user.email]]);
    // Uma took it: it leaves Ada's queue.
    expect(seen(adaQueue, caseId)[1]).toEqual(['REMOVED', 'HireVenue', 'STARTED', demo.users.user.email]);
    expect(changes(umaQueue, caseId)[1]!.eventType).toBe('workitem.started');

    await gql(uma, `mutation($id: ID!, $o: JSON) { completeWorkItem(id: $id, output: $o) { status } }`, { id: itemId, o: concertOutput('HireVenue', started.startWorkItem.input) });
    await until('the completion everywhere', () => changes(umaQueue, caseId).length === 4 && changes(adaQueue, caseId).length === 3, 60_000);
    expect(seen(umaQueue, caseId)).toEqual([
      ['ADDED', 'HireVenue', 'ENABLED', null],
      ['UPDATED', 'HireVenue', 'STARTED', demo.users.user.email],
      ['REMOVED', 'HireVenue', 'COMPLETED', demo.users.user.email],
      ['ADDED', 'SellTickets', 'ENABLED', null],
    ]);
    expect(seen(adaQueue, caseId)[2]).toEqual(['ADDED', 'SellTickets', 'ENABLED', null]);
    expect(changes(umaQueue, caseId)[2]!.eventType).toBe('workitem.completed');

    // The other tenant's subscriber got its own probes, and nothing of this tenant, however long one waits.
    await sleep(1_000);
    expect(changes(otherQueue).length).toBeGreaterThan(0);
    expect(changes(otherQueue).every((c) => otherProbes.includes(c.workItem.case.id))).toBe(true);
    expect([umaQueue, adaQueue, otherQueue, umaLater].flatMap((s) => s.results).filter((r) => r.errors)).toEqual([]);
  });
});
