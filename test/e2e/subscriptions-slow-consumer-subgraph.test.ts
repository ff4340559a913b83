import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '@flowgraph/shared';
import { workflowsSubgraph } from '@flowgraph/workflows';
import { sleep, subscribe, untilProbeSeen, type Subscriber } from '../support/graphql-ws-client.js';
import { postGraphQL } from '../support/http.js';
import {
  events,
  expectEndedAsSlowConsumer,
  heavyConcertXml,
  HEAVY,
  LIGHT,
  liveHeap,
  position,
  DESCRIPTION_BYTES,
  type SlowConsumerEvents,
} from '../support/slow-consumer.js';
import { startLiveCluster, type LiveCluster } from '../support/live-platform.js';

type Events = SlowConsumerEvents;

/**
 * The workflows subgraph's per-subscription buffer for this suite (1,000 by default). It bounds the
 * reader too, so it is above what one batch of launches produces (BATCH cases of a few events each).
 */
const BUFFER_LIMIT = 40;
/** Cases launched while the client stalls, BATCH at a time; each is a few events. */
const CASES = 96;
const BATCH = 8;

/**
 * A graphql-ws client connected straight to the workflows subgraph (no gateway in between) that stops
 * reading its TCP socket. graphql-ws awaits each socket write, so once the kernel buffers are full the
 * subscription's pump stops taking from its queue and the queue fills up to the bound; past it, the
 * subscription must end with SLOW_CONSUMER while the subgraph holds neither the queued events nor
 * their payloads. Runs on the real services (Postgres, Redis, Kafka), in a tenant of its own.
 */
describe('a slow subscriber directly on the workflows subgraph', () => {
  let cluster: LiveCluster;
  let workflows: StartedSubgraph;
  let token: string;
  let specificationId: string;
  const open: Subscriber<Events>[] = [];
  const caseEvents = (query: string, options: { lazy?: boolean } = {}) => {
    const subscriber = subscribe<Events>({
      url: `${workflows.url.replace('http', 'ws')}/graphql`,
      connectionParams: { authorization: `Bearer ${token}` },
      query,
      ...options,
    });
    open.push(subscriber);
    return subscriber;
  };
  const gql = async <T>(query: string, variables?: Record<string, unknown>) => {
    const result = await postGraphQL<T>(`${workflows.url}/graphql`, query, { token, variables });
    expect(result.body.errors).toBeUndefined();
    return result.body.data!;
  };
  const launch = async () => (await gql<{ launchCase: { id: string } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: specificationId })).launchCase.id;
  /** All-cases subscriptions deliver from when they are live at workflows on: launch probe cases until each has one. */
  const launchUntilSeen = (subscribers: Subscriber<Events>[]) =>
    untilProbeSeen(launch, (probes) => subscribers.every((s) => events(s).some((e) => probes.has(e.case.id))), 30_000);

  beforeAll(async () => {
    cluster = await startLiveCluster();
    workflows = await cluster.start(workflowsSubgraph({ SUBSCRIPTION_MAX_PENDING_EVENTS: BUFFER_LIMIT }));
    const slug = `ws-slow-sub-${randomUUID().slice(0, 8)}`;
    const signedUp = await postGraphQL<{ signUp: { accessToken: string } }>(`${cluster.identity.url}/graphql`, `mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }`, {
      variables: { i: { tenantName: 'Slow Subgraph Subscriber', tenantSlug: slug, email: `${slug}@example.com`, name: 'Slow Admin', password: 'slow-password-123' } },
    });
    expect(signedUp.body.errors).toBeUndefined();
    token = signedUp.body.data!.signUp.accessToken;
    const imported = await gql<{ importSpecification: { specifications: { id: string }[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, { x: heavyConcertXml() });
    specificationId = imported.importSpecification.specifications[0]!.id;
    // Until workflows' consumer has joined its group, live events wait in Kafka; the test times what follows.
    const warmUp = caseEvents(LIGHT);
    await launchUntilSeen([warmUp]);
    await warmUp.close();
  });
  afterAll(async () => {
    await Promise.all(open.map((subscriber) => subscriber.close()));
    await cluster?.close();
  });

  it('ends the stalled subscription with SLOW_CONSUMER after the beginning of its stream, holds no more than the bound, and keeps serving another subscriber', async () => {
    // Not lazy: the client keeps its socket when the subscription ends, so a close would be the subgraph's doing.
    const slow = caseEvents(HEAVY, { lazy: false });
    // Reads everything at its own pace on the same subgraph: it tells which events there were, and in which order.
    const reader = caseEvents(LIGHT);
    await launchUntilSeen([slow, reader]);
    const eventBytes = JSON.stringify(events(slow)[0]).length;
    expect(eventBytes).toBeGreaterThan(DESCRIPTION_BYTES);
    // What the probes still had in flight arrives before the pause.
    await sleep(500);

    // Kept short (about 5 s): the subgraph's graphql-ws pings every 12 s and drops a connection that has not answered 12 s later, which a paused client cannot.
    slow.pause();
    const heapBefore = liveHeap();
    const launched: string[] = [];
    const ofLaunched = (subscriber: Subscriber<Events>) => events(subscriber).filter((e) => launched.includes(e.case.id)).map(position);
    let perCase = 0;
    for (let i = 0; i < CASES; i += BATCH) {
      launched.push(...(await Promise.all(Array.from({ length: BATCH }, () => launch()))));
      perCase ||= (await gql<{ case: { history: unknown[] } }>(`query($id: ID!) { case(id: $id) { history { sequence } } }`, { id: launched[0] })).case.history.length;
      // The other subscriber is not held back by the stalled one: it has each batch while that one reads nothing. Waiting
      // for it also keeps it a reader that keeps up, its queue below the bound however loaded the machine is.
      await expect.poll(() => ofLaunched(reader).length, { timeout: 10_000 }).toBe(launched.length * perCase);
    }
    expect(slow.state().completed).toBe(false);
    // The stalled subscription's notices reached the subgraph with the reader's.
    await sleep(500);
    const heapGrowth = liveHeap() - heapBefore;
    const produced = launched.length * perCase * eventBytes;

    slow.resume();
    await expect.poll(() => slow.state().completed, { timeout: 10_000 }).toBe(true);
    expectEndedAsSlowConsumer(slow, BUFFER_LIMIT);

    // What did arrive (what the socket buffers held) is the stream's beginning, in order; the rest was dropped, not queued.
    const delivered = ofLaunched(slow);
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered).toEqual(ofLaunched(reader).slice(0, delivered.length));
    expect(delivered.length).toBeLessThan(launched.length * perCase);
    // Had the subgraph kept writing (buffering the serialized events in the socket) instead of waiting, the heap would grow by about `produced`.
    expect(heapGrowth, `the heap grew by ${heapGrowth} bytes while ${produced} bytes of events were due to the stalled client`).toBeLessThan(produced / 4);

    // The subgraph's feed goes on serving the others after ending one subscription.
    const after = await launch();
    await expect.poll(() => events(reader).filter((e) => e.case.id === after).length, { timeout: 10_000 }).toBe(perCase);
  });
});
