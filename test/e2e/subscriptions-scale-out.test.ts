import { randomUUID } from 'node:crypto';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '@flowgraph/gateway';
import type { StartedSubgraph } from '@flowgraph/shared';
import { workflowsSubgraph } from '@flowgraph/workflows';
import { concertOutput, concertXml } from '../support/e2e.js';
import { postGraphQL } from '../support/http.js';
import { startLiveCluster, type LiveCluster } from '../support/live-platform.js';

interface Notification {
  sequence: number;
  type: string;
  case: { id: string; status: string; startedBy?: { email: string } };
}

const CASE_EVENTS = `subscription($caseId: ID) { caseEvents(caseId: $caseId) { sequence type case { id status startedBy { email } } } }`;
/** Straight at a workflows instance, where `User` is only a reference to identity's entity. */
const CASE_EVENTS_AT_SUBGRAPH = `subscription($caseId: ID) { caseEvents(caseId: $caseId) { sequence type case { id status } } }`;

/** A graphql-ws client recording what one subscription delivers. */
function subscribe(url: string, token: string, variables: Record<string, unknown>, query = CASE_EVENTS) {
  const results: FormattedExecutionResult<{ caseEvents: Notification }, unknown>[] = [];
  let failure: unknown;
  const client: Client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  const unsubscribe = client.subscribe<{ caseEvents: Notification }>(
    { query, variables },
    { next: (result) => void results.push(result), error: (error) => void (failure = error), complete: () => undefined },
  );
  return {
    results,
    failure: () => failure,
    events: (caseId?: string) => results.flatMap((r) => (r.data?.caseEvents && (!caseId || r.data.caseEvents.case.id === caseId) ? [r.data.caseEvents] : [])),
    close: async () => {
      unsubscribe();
      await client.dispose();
    },
  };
}

/**
 * Two workflows instances on one Postgres database and one Kafka cluster, each with a Kafka client
 * and a case-events consumer group of its own as in production, each behind its own gateway, as two
 * replicas behind a load balancer would be; Redis holds the gateways' and subgraphs' shared state.
 * Mutations go to one gateway, then the other, as a load balancer would send them, so both instances
 * commit events of the same case: a subscriber must see every event exactly once whichever instance
 * committed it and whichever it is connected to. The run signs up a tenant of its own, so the
 * all-cases subscriptions see nothing of other runs on the same topic.
 */
// Deadlines bound a failure on a loaded machine; a pass never waits for them.
describe('case event subscriptions scaled out to two workflows instances and two gateways', { timeout: 180_000 }, () => {
  let cluster: LiveCluster;
  let workflows: [StartedSubgraph, StartedSubgraph];
  let gateways: [RunningGateway, RunningGateway];
  let token: string;
  let email: string;
  let specificationId: string;
  /** Round-robin over the two gateways, hence over the two workflows instances. */
  let turn = 0;

  const wsUrl = (server: { url: string }) => `${server.url.replace('http', 'ws')}/graphql`;
  const gql = async <T>(query: string, variables?: Record<string, unknown>, as = token) => {
    const gateway = gateways[turn++ % 2]!;
    const result = await postGraphQL<T>(`${gateway.url}/`, query, { token: as, variables });
    expect(result.body.errors).toBeUndefined();
    return result.body.data!;
  };
  const launch = async () => (await gql<{ launchCase: { id: string } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: specificationId })).launchCase.id;
  /** Works the case to its end; returns each task done and which gateway (A or B) started and completed it. */
  const workToCompletion = async (caseId: string) => {
    const done: { taskId: string; startedOn: string; completedOn: string }[] = [];
    for (let guard = 0; guard < 10; guard++) {
      const { workQueue } = await gql<{ workQueue: { id: string; taskId: string; case: { id: string } }[] }>(`{ workQueue { id taskId case { id } } }`);
      const next = workQueue.find((item) => item.case.id === caseId);
      if (!next) break;
      const startedOn = 'AB'[turn % 2]!;
      const startedItem = await gql<{ startWorkItem: { input: Record<string, unknown> | null } }>(`mutation($id: ID!) { startWorkItem(id: $id) { input } }`, { id: next.id });
      const output = concertOutput(next.taskId, startedItem.startWorkItem.input);
      const completedOn = 'AB'[turn % 2]!;
      await gql(`mutation($id: ID!, $o: JSON) { completeWorkItem(id: $id, output: $o) { status } }`, { id: next.id, o: output });
      done.push({ taskId: next.taskId, startedOn, completedOn });
    }
    return done;
  };

  beforeAll(async () => {
    cluster = await startLiveCluster();
    // The second replica migrates the same schemas (a no-op) and does not seed again.
    workflows = [await cluster.start(workflowsSubgraph()), await cluster.start(workflowsSubgraph(), { seed: false })];
    gateways = [await cluster.gateway({ identity: cluster.identity, workflows: workflows[0] }), await cluster.gateway({ identity: cluster.identity, workflows: workflows[1] })];

    const slug = `scale-out-${randomUUID().slice(0, 8)}`;
    email = `${slug}@example.com`;
    const { signUp } = await gql<{ signUp: { accessToken: string } }>(
      `mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }`,
      { i: { tenantName: 'Scale Out', tenantSlug: slug, email, name: 'Scale Out Admin', password: 'scale-out-password-123' } },
      '',
    );
    token = signUp.accessToken;
    const imported = await gql<{ importSpecification: { specifications: { id: string }[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, {
      x: concertXml(),
    });
    specificationId = imported.importSpecification.specifications[0]!.id;
  });

  afterAll(() => cluster?.close());

  it('delivers every event of a case exactly once to subscribers on both gateways and directly on both replicas, whichever replica ran each mutation', async () => {
    const [gatewayA, gatewayB] = gateways;
    // All-cases subscriptions replay nothing: make sure they are live before the case starts, with probe cases.
    const allOnB = subscribe(wsUrl(gatewayB), token, {});
    const allOnA = subscribe(wsUrl(gatewayA), token, {});
    await expect
      .poll(
        async () => {
          const probe = await launch();
          await new Promise((resolve) => setTimeout(resolve, 300));
          return allOnA.events(probe).length > 0 && allOnB.events(probe).length > 0;
        },
        { timeout: 60_000, interval: 0 },
      )
      .toBe(true);

    const caseId = await launch();
    const subscribers = {
      'caseId on gateway A': subscribe(wsUrl(gatewayA), token, { caseId }),
      'caseId on gateway B': subscribe(wsUrl(gatewayB), token, { caseId }),
      'caseId directly on workflows 1': subscribe(wsUrl(workflows[0]), token, { caseId }, CASE_EVENTS_AT_SUBGRAPH),
      'caseId directly on workflows 2': subscribe(wsUrl(workflows[1]), token, { caseId }, CASE_EVENTS_AT_SUBGRAPH),
      'all cases on gateway A': allOnA,
      'all cases on gateway B': allOnB,
    };
    const silent = () =>
      Object.entries(subscribers).flatMap(([name, s]) =>
        s.events(caseId).length > 0 ? [] : [{ name, results: s.results.slice(-2), failure: JSON.stringify(s.failure(), ['code', 'reason', 'message', 'type']) }],
      );
    await expect.poll(silent, { timeout: 60_000 }).toEqual([]);
    const done = await workToCompletion(caseId);
    expect(done.map((d) => d.taskId)).toEqual(['HireVenue', 'SellTickets', 'StageShow']);
    // Both instances committed events of this case.
    expect(new Set(done.flatMap((d) => [d.startedOn, d.completedOn]))).toEqual(new Set(['A', 'B']));

    for (const subscriber of Object.values(subscribers)) {
      await expect.poll(() => subscriber.events(caseId).some((e) => e.type === 'case.completed'), { timeout: 60_000 }).toBe(true);
    }
    // Anything late or repeated would arrive within this pause.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const reference = subscribers['caseId on gateway A'].events(caseId);
    expect(reference.length).toBeGreaterThan(4);
    for (const [name, subscriber] of Object.entries(subscribers)) {
      const events = subscriber.events(caseId);
      expect(subscriber.results.filter((r) => r.errors), name).toEqual([]);
      // Sequences 1..n: nothing lost, nothing repeated, in order; the same stream everywhere.
      expect(events.map((e) => e.sequence), name).toEqual(events.map((_, i) => i + 1));
      expect(events.map((e) => [e.sequence, e.type]), name).toEqual(reference.map((e) => [e.sequence, e.type]));
      expect(events[0], name).toMatchObject({ type: 'case.started', case: { id: caseId } });
      expect(events[events.length - 1]!.case.status, name).toBe('COMPLETED');
    }
    // Each gateway resolved startedBy through identity, for events committed by either instance.
    for (const name of ['caseId on gateway A', 'caseId on gateway B', 'all cases on gateway A', 'all cases on gateway B'] as const) {
      expect(subscribers[name].events(caseId).every((e) => e.case.startedBy?.email === email), name).toBe(true);
    }
    for (const subscriber of Object.values(subscribers)) await subscriber.close();
  });
});
