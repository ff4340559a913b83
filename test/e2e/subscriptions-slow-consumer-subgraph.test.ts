import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '@flowgraph/shared';
import { workflowsSubgraph } from '@flowgraph/workflows';
import { subscribe, untilProbeSeen, type Subscriber } from '../support/graphql-ws-client.js';
import { postGraphQL } from '../support/http.js';
import {
  DEADLINE,
  events,
  expectEndedAsSlowConsumer,
  hasAll,
  heapGrowthBelow,
  heavyConcertXml,
  HEAVY,
  LIGHT,
  liveHeap,
  position,
  DESCRIPTION_BYTES,
  STALL_KEEP_ALIVE_MS,
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
  const historyLength = async (id: string) => (await gql<{ case: { history: unknown[] } }>(`query($id: ID!) { case(id: $id) { history { sequence } } }`, { id })).case.history.length;
  /** All-cases subscriptions deliver from when they are live at workflows on: launch probe cases until each has one. */
  const launchUntilSeen = (subscribers: Subscriber<Events>[]) =>
    untilProbeSeen(launch, (probes) => subscribers.every((s) => events(s).some((e) => probes.has(e.case.id))), DEADLINE.live);

  beforeAll(async () => {
    cluster = await startLiveCluster();
    workflows = await cluster.start(workflowsSubgraph({ SUBSCRIPTION_MAX_PENDING_EVENTS: BUFFER_LIMIT }), { websocketKeepAliveMs: STALL_KEEP_ALIVE_MS });
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
  }, 240_000);
  afterAll(async () => {
    await Promise.all(open.map((subscriber) => subscriber.close()));
    await cluster?.close();
  });

  it('ends the stalled subscription with SLOW_CONSUMER after the beginning of its stream, holds no more than the bound, and keeps serving another subscriber', { timeout: 300_000 }, async () => {
    // Not lazy: the client keeps its socket when the subscription ends, so a close would be the subgraph's doing.
    const slow = caseEvents(HEAVY, { lazy: false });
    // Reads everything at its own pace on the same subgraph: it tells which events there were, and in which order.
    const reader = caseEvents(LIGHT);
    await launchUntilSeen([slow, reader]);
    // What the probes still had in flight arrives before the pause: all of it once a case launched now is
    // delivered whole, since a tenant's events are delivered in the order of their place in its stream.
    const marker = await launch();
    const markerEvents = new Map([[marker, await historyLength(marker)]]);
    await expect.poll(() => hasAll(slow, markerEvents) && hasAll(reader, markerEvents), { timeout: DEADLINE.delivered }).toBe(true);
    const eventBytes = JSON.stringify(events(slow)[0]).length;
    expect(eventBytes).toBeGreaterThan(DESCRIPTION_BYTES);

    // However long the stall lasts on a loaded machine: the subgraph's keep-alive (STALL_KEEP_ALIVE_MS) does not drop the paused client.
    slow.pause();
    const heapBefore = liveHeap();
    const launched: string[] = [];
    const ofLaunched = (subscriber: Subscriber<Events>) => events(subscriber).filter((e) => launched.includes(e.case.id)).map(position);
    let perCase = 0;
    for (let i = 0; i < CASES; i += BATCH) {
      launched.push(...(await Promise.all(Array.from({ length: BATCH }, () => launch()))));
      perCase ||= await historyLength(launched[0]!);
      // The other subscriber is not held back by the stalled one: it has each batch while that one reads nothing. Waiting
      // for it also keeps it a reader that keeps up, its queue below the bound however loaded the machine is.
      await expect.poll(() => ofLaunched(reader).length, { timeout: DEADLINE.delivered }).toBe(launched.length * perCase);
    }
    expect(slow.state().completed).toBe(false);
    // Had the subgraph kept writing (buffering the serialized events in the socket) instead of waiting, the heap would grow by about `produced`.
    const produced = launched.length * perCase * eventBytes;
    await heapGrowthBelow(heapBefore, produced / 4, `${produced} bytes of events were due to the stalled client`);

    slow.resume();
    await expect.poll(() => slow.state().completed, { timeout: DEADLINE.delivered }).toBe(true);
    expectEndedAsSlowConsumer(slow, BUFFER_LIMIT);

    // What did arrive (what the socket buffers held) is the stream's beginning, in order; the rest was dropped, not queued.
    const delivered = ofLaunched(slow);
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered).toEqual(ofLaunched(reader).slice(0, delivered.length));
    expect(delivered.length).toBeLessThan(launched.length * perCase);

    // The subgraph's feed goes on serving the others after ending one subscription.
    const after = await launch();
    await expect.poll(() => events(reader).filter((e) => e.case.id === after).length, { timeout: DEADLINE.delivered }).toBe(perCase);
  });
});
