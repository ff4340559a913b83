import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concertXml } from '../support/e2e.js';
import { sleep, subscribe, type Subscriber, untilProbeSeen } from '../support/graphql-ws-client.js';
import { postGraphQL } from '../support/http.js';
import { startLivePlatform, type LivePlatform } from '../support/live-platform.js';

interface Notification {
  sequence: number;
  type: string;
  case: { id: string };
}
type Events = { caseEvents: Notification };

/** Tenant-wide and without `after`: a live stream, which the gateway shares between sockets of one caller. */
const LIVE = `subscription { caseEvents { sequence type case { id } } }`;

const events = (subscriber: Subscriber<Events>, caseId?: string) =>
  subscriber.results.flatMap((r) => (r.data?.caseEvents && (!caseId || r.data.caseEvents.case.id === caseId) ? [r.data.caseEvents] : []));

/**
 * Several sockets of one caller with the same live subscription share one upstream subscription at
 * the gateway (SUBSCRIPTION_LIVE_FIELDS). What each client sees must be exactly what a subscription
 * of its own would show: every event once and in order, from the moment it joined, whoever else
 * comes or goes. On the real services, in a tenant of its own.
 */
// Deadlines bound a failure on a loaded machine; a pass never waits for them.
describe('shared live subscriptions at the gateway', { timeout: 180_000 }, () => {
  let platform: LivePlatform;
  let token: string;
  let specificationId: string;
  const open: Subscriber<Events>[] = [];

  const gql = async <T>(query: string, variables?: Record<string, unknown>) => {
    const result = await postGraphQL<T>(platform.url, query, { token, variables });
    expect(result.body.errors).toBeUndefined();
    return result.body.data!;
  };
  const launch = async () => (await gql<{ launchCase: { id: string } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: specificationId })).launchCase.id;
  const caseCommand = (command: 'suspendCase' | 'resumeCase', id: string) => gql(`mutation($id: ID!) { ${command}(id: $id) { status } }`, { id });
  const join = () => {
    const subscriber = subscribe<Events>({ url: platform.wsUrl, connectionParams: { authorization: `Bearer ${token}` }, query: LIVE });
    open.push(subscriber);
    return subscriber;
  };
  /** Launches probe cases until `subscriber` sees one: from then on it is live end to end. */
  const untilLive = (subscriber: Subscriber<Events>) => untilProbeSeen(launch, (probes) => events(subscriber).some((e) => probes.has(e.case.id)));

  beforeAll(async () => {
    platform = await startLivePlatform();
    const slug = `shared-${randomUUID().slice(0, 8)}`;
    const signUp = await postGraphQL<{ signUp: { accessToken: string } }>(platform.url, `mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }`, {
      variables: { i: { tenantName: 'Shared streams', tenantSlug: slug, email: `${slug}@example.com`, name: 'Wallboard', password: 'shared-password-123' } },
    });
    token = signUp.body.data!.signUp.accessToken;
    const imported = await gql<{ importSpecification: { specifications: { id: string }[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, {
      x: concertXml(),
    });
    specificationId = imported.importSpecification.specifications[0]!.id;
  });
  afterAll(async () => {
    for (const subscriber of open) await subscriber.close();
    await platform?.close();
  });

  it('gives every subscriber each event once and in order, from when it joined, whoever leaves or joins', async () => {
    const [a, b, c] = [join(), join(), join()];
    await untilLive(a);
    // Three sockets, one subscription to workflows.
    expect(platform.gateway.openUpstreamSubscriptions()).toBe(1);
    const caseId = await launch();
    for (const subscriber of [a, b, c]) await expect.poll(() => events(subscriber, caseId).map((e) => e.type)[0], { timeout: 60_000 }).toBe('case.started');

    // One leaves: the others go on.
    await a.close();
    await caseCommand('suspendCase', caseId);
    for (const subscriber of [b, c]) await expect.poll(() => events(subscriber, caseId).some((e) => e.type === 'case.suspended'), { timeout: 60_000 }).toBe(true);

    // A late joiner starts from its join, as a subscription of its own would.
    const d = join();
    await untilLive(d);
    expect(platform.gateway.openUpstreamSubscriptions()).toBe(1);
    // Another operation is a stream of its own.
    const byCase = subscribe<Events>({ url: platform.wsUrl, connectionParams: { authorization: `Bearer ${token}` }, query: `subscription($c: ID) { caseEvents(caseId: $c) { sequence type case { id } } }`, variables: { c: caseId } });
    open.push(byCase);
    await expect.poll(() => events(byCase, caseId).length, { timeout: 60_000 }).toBeGreaterThan(0);
    expect(platform.gateway.openUpstreamSubscriptions()).toBe(2);
    await caseCommand('resumeCase', caseId);
    for (const subscriber of [b, c, d]) await expect.poll(() => events(subscriber, caseId).some((e) => e.type === 'case.resumed'), { timeout: 60_000 }).toBe(true);
    await sleep(300);

    const sequences = (subscriber: Subscriber<Events>) => events(subscriber, caseId).map((e) => e.sequence);
    expect(sequences(c)).toEqual(sequences(b));
    expect(sequences(b)).toEqual(sequences(b).map((_, i) => i + 1));
    expect(events(d, caseId).map((e) => e.type)).toEqual(['case.resumed']);
    expect(events(a, caseId).some((e) => e.type === 'case.suspended')).toBe(false);
    for (const subscriber of [b, c, d]) expect(subscriber.results.every((r) => r.errors === undefined)).toBe(true);
    // The case subscription replayed from the case's start: it is not shared, and saw it all.
    expect(events(byCase, caseId).map((e) => e.type)).toEqual(events(b, caseId).map((e) => e.type));

    for (const subscriber of [b, c, d, byCase]) await subscriber.close();
    await expect.poll(() => platform.gateway.openUpstreamSubscriptions(), { timeout: 60_000 }).toBe(0);
  });
});
