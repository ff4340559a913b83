import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe, type Subscriber, untilProbeSeen } from '../support/graphql-ws-client.js';
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
import { startLivePlatform, type LivePlatform } from '../support/live-platform.js';

type Events = SlowConsumerEvents;

/** The gateway's bound for this suite (1,000 by default), so a few large events overflow it. */
const MAX_PENDING_EVENTS = 5;
/** Cases launched while the client stalls; each is a few events of ~DESCRIPTION_BYTES. */
const CASES = 60;

/**
 * A graphql-ws client that stops reading while its subscription produces events faster: the gateway
 * writes to it only as fast as it reads, so events pile up for it at the gateway. Past the gateway's
 * bound the subscription must end with SLOW_CONSUMER and its upstream be dropped, so memory stays
 * bounded however many events follow. Runs on the real services, in a tenant of its own.
 */
describe('a slow subscriber at the gateway', () => {
  let platform: LivePlatform;
  let token: string;
  let specificationId: string;
  const open: Subscriber<Events>[] = [];
  const caseEvents = (query: string, options: { lazy?: boolean } = {}) => {
    const subscriber = subscribe<Events>({ url: platform.wsUrl, connectionParams: { authorization: `Bearer ${token}` }, query, ...options });
    open.push(subscriber);
    return subscriber;
  };
  const gql = async <T>(query: string, variables?: Record<string, unknown>) => {
    const result = await postGraphQL<T>(platform.url, query, { token, variables });
    expect(result.body.errors).toBeUndefined();
    return result.body.data!;
  };
  const launch = async () => (await gql<{ launchCase: { id: string } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: specificationId })).launchCase.id;
  const historyLength = async (id: string) => (await gql<{ case: { history: unknown[] } }>(`query($id: ID!) { case(id: $id) { history { sequence } } }`, { id })).case.history.length;
  /** Each case's number of events: all written when its launch returns, and nothing else happens to it here. */
  const eventCounts = async (caseIds: readonly string[]) => new Map(await Promise.all(caseIds.map(async (id) => [id, await historyLength(id)] as const)));

  /** All-cases subscriptions deliver from when they are live at workflows on: launch probe cases until each has one. */
  const launchUntilSeen = (subscribers: Subscriber<Events>[]) =>
    untilProbeSeen(launch, (probes) => subscribers.every((s) => events(s).some((e) => probes.has(e.case.id))), DEADLINE.live);

  beforeAll(async () => {
    platform = await startLivePlatform({ websocket: { maxPendingEvents: MAX_PENDING_EVENTS, keepAliveMs: STALL_KEEP_ALIVE_MS } });
    const slug = `ws-slow-${randomUUID().slice(0, 8)}`;
    const signedUp = await postGraphQL<{ signUp: { accessToken: string } }>(platform.url, `mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }`, {
      variables: { i: { tenantName: 'Slow Subscriber', tenantSlug: slug, email: `${slug}@example.com`, name: 'Slow Admin', password: 'slow-password-123' } },
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
    await platform?.close();
  });

  it('ends the subscription with SLOW_CONSUMER once more than the bound is waiting, keeps the connection, and holds no more than the bound', { timeout: 300_000 }, async () => {
    // Not lazy: the client keeps its socket when the subscription ends, so a close would be the server's doing.
    const slow = caseEvents(HEAVY, { lazy: false });
    // Reads everything at its own pace: it tells when the gateway has had every event, and in which order.
    const reader = caseEvents(LIGHT);
    await launchUntilSeen([slow, reader]);
    // What the probes still had in flight arrives before the pause: all of it once a case launched now is
    // delivered whole, since a tenant's events are delivered in the order of their place in its stream.
    const marker = await eventCounts([await launch()]);
    await expect.poll(() => hasAll(slow, marker) && hasAll(reader, marker), { timeout: DEADLINE.delivered }).toBe(true);
    const eventBytes = JSON.stringify(events(slow)[0]).length;
    expect(eventBytes).toBeGreaterThan(DESCRIPTION_BYTES);

    slow.pause();
    const heapBefore = liveHeap();
    const launched: string[] = [];
    for (let i = 0; i < CASES; i += 4) launched.push(...(await Promise.all([launch(), launch(), launch(), launch()])));
    const perCase = await historyLength(launched[0]!);
    const ofLaunched = (subscriber: Subscriber<Events>) => events(subscriber).filter((e) => launched.includes(e.case.id)).map(position);
    await expect.poll(() => ofLaunched(reader).length, { timeout: DEADLINE.delivered }).toBe(launched.length * perCase);
    // Had the gateway queued them all, the heap would have grown by about `produced` (measured: ~1x).
    const produced = launched.length * perCase * eventBytes;
    await heapGrowthBelow(heapBefore, produced / 4, `${produced} bytes of events were waiting`);

    slow.resume();
    await expect.poll(() => slow.state().completed, { timeout: DEADLINE.delivered }).toBe(true);
    expectEndedAsSlowConsumer(slow, MAX_PENDING_EVENTS);

    // What did arrive (what the socket buffers held) is the stream's beginning, in order; the rest was dropped, not queued.
    const delivered = ofLaunched(slow);
    expect(delivered).toEqual(ofLaunched(reader).slice(0, delivered.length));
    expect(delivered.length).toBeLessThan(launched.length * perCase);
  });
});
