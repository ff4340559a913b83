import { randomUUID } from 'node:crypto';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe as subscribeWs, untilProbeSeen } from '../support/graphql-ws-client.js';
import { postGraphQL } from '../support/http.js';
import { concertOutput, concertXml } from '../support/e2e.js';
import { startLivePlatform, type LivePlatform } from '../support/live-platform.js';

interface Notification {
  cursor: string;
  sequence: number;
  type: string;
  taskId: string | null;
  case: { id: string; status: string; startedBy: { email: string }; specification: { name: string; metrics: { casesStarted: number } | null } };
  workItem: { id: string; status: string } | null;
}

const CASE_EVENTS = `subscription($caseId: ID, $after: String) {
  caseEvents(caseId: $caseId, after: $after) {
    cursor sequence type taskId
    case { id status startedBy { email } specification { name metrics { casesStarted } } }
    workItem { id status }
  }
}`;

/** A graphql-ws client recording what one subscription delivers. */
function subscribe(url: string, connectionParams: Record<string, string>, query: string, variables: Record<string, unknown>) {
  const results: FormattedExecutionResult<{ caseEvents: Notification }, unknown>[] = [];
  let closeCode: number | undefined;
  let failure: unknown;
  let completed = false;
  const client: Client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    on: { closed: (event) => void (closeCode = (event as { code?: number }).code) },
  });
  const unsubscribe = client.subscribe<{ caseEvents: Notification }>(
    { query, variables },
    {
      next: (result) => void results.push(result),
      error: (error) => void (failure = error),
      complete: () => void (completed = true),
    },
  );
  return {
    results,
    events: () => results.flatMap((r) => (r.data?.caseEvents ? [r.data.caseEvents] : [])),
    state: () => ({ closeCode, failure, completed }),
    close: async () => {
      unsubscribe();
      await client.dispose();
    },
    /** A forced disconnect: the socket drops without `complete`. */
    terminate: () => client.terminate(),
  };
}

interface Totals {
  tenant: { metrics: { casesStarted: number; casesCompleted: number } };
  specification: { name: string; metrics: { casesStarted: number; casesCompleted: number; casesRunning: number } };
}

/** One query across identity (`tenant`), workflows (`specification`) and analytics (both `metrics`). */
const TOTALS = `query($s: ID!) {
  tenant { metrics { casesStarted casesCompleted } }
  specification(id: $s) { name metrics { casesStarted casesCompleted casesRunning } }
}`;

/**
 * `caseEvents` end to end on the real services (Postgres, Kafka, Redis): identity, workflows and
 * analytics behind the gateway. Everything runs in tenants this run signs up, so runs in parallel and
 * other suites on the same Kafka topic neither see nor disturb what is asserted here.
 */
// Deadlines bound a failure on a loaded machine; a pass never waits for them.
describe('case event subscriptions', { timeout: 180_000 }, () => {
  let platform: LivePlatform;
  let url: string;
  let wsUrl: string;
  let token: string;
  let email: string;
  let specificationId: string;
  /** Cases this suite launched in its tenant, which analytics must end up counting. */
  let launched = 0;
  const workflowsWsUrl = () => `${platform.subgraphs.workflows.url.replace('http', 'ws')}/graphql`;
  const gql = async <T>(query: string, variables?: Record<string, unknown>, as = token) => {
    const result = await postGraphQL<T>(url, query, { token: as, variables });
    expect(result.body.errors).toBeUndefined();
    return result.body.data!;
  };
  /** A tenant of this run, with its admin signed in. */
  const signUp = async (name: string) => {
    const slug = `subs-${randomUUID().slice(0, 8)}`;
    const adminEmail = `${slug}@example.com`;
    const { signUp: signedUp } = await gql<{ signUp: { accessToken: string } }>(
      `mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }`,
      { i: { tenantName: name, tenantSlug: slug, email: adminEmail, name: `${name} Admin`, password: 'subscriptions-password-123' } },
      '',
    );
    return { token: signedUp.accessToken, email: adminEmail };
  };
  const importConcert = async (as = token) =>
    (await gql<{ importSpecification: { specifications: { id: string }[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, { x: concertXml() }, as))
      .importSpecification.specifications[0]!.id;
  const launchAs = async (as: string, specification: string) =>
    (await gql<{ launchCase: { id: string } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: specification }, as)).launchCase.id;
  const launch = async () => {
    const caseId = await launchAs(token, specificationId);
    launched += 1;
    return caseId;
  };
  /** Starts and completes the next item of the case in the caller's queue; false when there is none. */
  const workNext = async (caseId: string, as = token) => {
    const { workQueue } = await gql<{ workQueue: { id: string; taskId: string; case: { id: string } }[] }>(`{ workQueue { id taskId case { id } } }`, undefined, as);
    const next = workQueue.find((item) => item.case.id === caseId);
    if (!next) return false;
    const started = await gql<{ startWorkItem: { input: Record<string, unknown> | null } }>(`mutation($id: ID!) { startWorkItem(id: $id) { input } }`, { id: next.id }, as);
    const output = concertOutput(next.taskId, started.startWorkItem.input);
    await gql(`mutation($id: ID!, $o: JSON) { completeWorkItem(id: $id, output: $o) { status } }`, { id: next.id, o: output }, as);
    return true;
  };
  const historyOf = async (caseId: string, as: string) =>
    (await gql<{ case: { history: { sequence: number }[] } }>(`query($id: ID!) { case(id: $id) { history { sequence } } }`, { id: caseId }, as)).case.history.map((e) => e.sequence);

  beforeAll(async () => {
    platform = await startLivePlatform({ subgraphs: ['analytics'] });
    url = platform.url;
    wsUrl = platform.wsUrl;
    ({ token, email } = await signUp('Subscriptions'));
    specificationId = await importConcert();
  });
  afterAll(() => platform?.close());

  it('delivers a case from launch to completion through the gateway with fields of identity and analytics, and resumes after a disconnect', async () => {
    const caseId = await launch();
    const first = subscribe(wsUrl, { authorization: `Bearer ${token}` }, CASE_EVENTS, { caseId });
    await expect.poll(() => first.events().length, { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await workNext(caseId)).toBe(true);
    await expect.poll(() => first.events().some((e) => e.type === 'workitem.completed'), { timeout: 60_000 }).toBe(true);
    first.terminate();
    const seen = first.events();
    const lastCursor = seen[seen.length - 1]!.cursor;

    while (await workNext(caseId));
    const resumed = subscribe(wsUrl, { authorization: `Bearer ${token}` }, CASE_EVENTS, { caseId, after: lastCursor });
    await expect.poll(() => resumed.events().some((e) => e.type === 'case.completed'), { timeout: 60_000 }).toBe(true);
    await resumed.close();

    const all = [...seen, ...resumed.events()];
    expect(first.results.every((r) => r.errors === undefined)).toBe(true);
    expect(resumed.results.every((r) => r.errors === undefined)).toBe(true);
    // Nothing lost, nothing repeated, in order.
    expect(all.map((e) => e.sequence)).toEqual(all.map((_, i) => i + 1));
    expect(all[0]).toMatchObject({ type: 'case.started', case: { id: caseId, startedBy: { email }, specification: { name: 'Summer Concert' } } });
    // Analytics resolved `metrics` for every event (how far it has counted depends on how far it has consumed).
    expect(all.every((e) => typeof e.case.specification.metrics?.casesStarted === 'number')).toBe(true);
    expect(all.filter((e) => e.type === 'workitem.completed').map((e) => e.taskId)).toEqual(['HireVenue', 'SellTickets', 'StageShow']);
    expect(all.find((e) => e.type === 'workitem.started')?.workItem?.id).toEqual(expect.any(String));
    expect(all[all.length - 1]!.case.status).toBe('COMPLETED');

    // Analytics counted this run's cases from Kafka; this one is the only one completed.
    await expect
      .poll(() => gql<Totals>(TOTALS, { s: specificationId }), { timeout: 60_000 })
      .toEqual({
        tenant: { metrics: { casesStarted: launched, casesCompleted: 1 } },
        specification: { name: 'Summer Concert', metrics: { casesStarted: launched, casesCompleted: 1, casesRunning: launched - 1 } },
      });
  });

  it("resumes a subscription to all of a tenant's cases after a forced disconnect, across cases, losing and repeating nothing", async () => {
    const tenant = await signUp('Resume');
    const auth = { authorization: `Bearer ${tenant.token}` };
    const spec = await importConcert(tenant.token);
    const ALL = `subscription($after: String) { caseEvents(after: $after) { cursor sequence type case { id } } }`;
    const first = subscribe(wsUrl, auth, ALL, {});
    // It delivers from when it is live at workflows, which graphql-ws does not acknowledge: launch until one arrives.
    const probes = await untilProbeSeen(
      () => launchAs(tenant.token, spec),
      () => first.events().length > 0,
    );
    const [a, b] = [await launchAs(tenant.token, spec), await launchAs(tenant.token, spec)];
    expect(await workNext(a, tenant.token)).toBe(true);
    expect(await workNext(b, tenant.token)).toBe(true);
    const completedIn = (events: Notification[], caseId: string) => events.filter((e) => e.case.id === caseId && e.type === 'workitem.completed').length;
    await expect.poll(() => completedIn(first.events(), a) + completedIn(first.events(), b), { timeout: 60_000 }).toBe(2);
    first.terminate();
    const before = first.events();
    const cursor = before[before.length - 1]!.cursor;

    // While disconnected: case a runs to its end, b moves on, and c is launched.
    while (await workNext(a, tenant.token));
    expect(await workNext(b, tenant.token)).toBe(true);
    const c = await launchAs(tenant.token, spec);
    const histories = new Map<string, number[]>();
    for (const caseId of [a, b, c]) histories.set(caseId, await historyOf(caseId, tenant.token));

    const resumed = subscribe(wsUrl, auth, ALL, { after: cursor });
    const expectedAfter = (caseId: string) => histories.get(caseId)!.length - before.filter((e) => e.case.id === caseId).length;
    const deliveredOf = (caseId: string) => resumed.events().filter((e) => e.case.id === caseId).length;
    await expect.poll(() => [a, b, c].map(deliveredOf), { timeout: 60_000 }).toEqual([a, b, c].map(expectedAfter));
    // Anything repeated or out of place would arrive right behind the rest.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(resumed.results.filter((r) => r.errors)).toEqual([]);
    const all = [...before, ...resumed.events()];
    for (const caseId of [a, b, c]) expect(all.filter((e) => e.case.id === caseId).map((e) => e.sequence)).toEqual(histories.get(caseId));
    // The probes launched before it was live were followed from then on: no repeats there either.
    for (const caseId of probes) {
      const sequences = all.filter((e) => e.case.id === caseId).map((e) => e.sequence);
      expect(sequences).toEqual([...new Set(sequences)].sort((x, y) => x - y));
    }
    expect(resumed.events().some((e) => e.case.id === a && e.type === 'case.completed')).toBe(true);

    // Resuming from the middle of the replay gives exactly the rest of it.
    const middle = Math.floor(resumed.events().length / 2);
    const again = subscribe(wsUrl, auth, ALL, { after: resumed.events()[middle]!.cursor });
    const rest = resumed.events().slice(middle + 1);
    await expect.poll(() => again.events().length, { timeout: 60_000 }).toBe(rest.length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(again.events()).toEqual(rest);
    await Promise.all([resumed.close(), again.close()]);
  });

  it("streams another subgraph's subscription field (analytics' live metrics) with fields from workflows resolved per event", async () => {
    type Change = { specificationMetricsChanged: { id: string; name: string; metrics: { casesStarted: number; casesRunning: number } } };
    const live = subscribeWs<Change>({
      url: wsUrl,
      connectionParams: { authorization: `Bearer ${token}` },
      query: `subscription($s: ID) { specificationMetricsChanged(specificationId: $s) { id name metrics { casesStarted casesRunning } } }`,
      variables: { s: specificationId },
    });
    const changes = () => live.results.flatMap((r) => (r.data ? [r.data.specificationMetricsChanged] : []));
    // Live from when analytics has it open, which graphql-ws does not acknowledge: launch until a change arrives.
    await untilProbeSeen(launch, () => changes().length > 0);
    // Each change carries the metrics as analytics has counted them by then; the last one counts every launch.
    await expect.poll(() => changes().at(-1)?.metrics.casesStarted, { timeout: 60_000 }).toBe(launched);
    expect(changes().every((c) => c.id === specificationId && c.name === 'Summer Concert')).toBe(true);
    expect(live.results.filter((r) => r.errors)).toEqual([]);
    await live.close();
  });

  it('serves subscriptions straight from the workflows subgraph on its own port', async () => {
    const caseId = await launch();
    const direct = subscribe(workflowsWsUrl(), { authorization: `Bearer ${token}` }, `subscription($c: ID) { caseEvents(caseId: $c) { sequence type case { id } } }`, { c: caseId });
    await expect.poll(() => direct.events().length, { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await workNext(caseId)).toBe(true);
    await expect.poll(() => direct.events().some((e) => e.type === 'workitem.completed'), { timeout: 60_000 }).toBe(true);
    await direct.close();
    expect(direct.events().map((e) => e.sequence)).toEqual(direct.events().map((_, i) => i + 1));
    expect(direct.events()[0]).toMatchObject({ type: 'case.started', case: { id: caseId } });
  });

  it('refuses unauthenticated and forged connections with 4401, at the gateway and at the subgraph', async () => {
    for (const target of [wsUrl, workflowsWsUrl()]) {
      for (const params of [{}, { authorization: 'Bearer not-a-token' }] as Record<string, string>[]) {
        const refused = subscribe(target, params, CASE_EVENTS, {});
        await expect.poll(() => refused.state().closeCode, { timeout: 60_000 }).toBe(4401);
        expect(refused.results).toEqual([]);
        await refused.close();
      }
    }
  });

  it("answers an invalid cursor, one of the other kind, and another tenant's with BAD_USER_INPUT", async () => {
    // Real cursors of both kinds: one from a case subscription, one from a subscription without caseId.
    const caseId = await launch();
    const byCase = subscribe(wsUrl, { authorization: `Bearer ${token}` }, CASE_EVENTS, { caseId });
    await expect.poll(() => byCase.events().length, { timeout: 60_000 }).toBeGreaterThan(0);
    const caseCursor = byCase.events()[0]!.cursor;
    const resumedByCase = subscribe(wsUrl, { authorization: `Bearer ${token}` }, CASE_EVENTS, { caseId, after: caseCursor });
    await expect.poll(() => resumedByCase.events().length, { timeout: 60_000 }).toBeGreaterThan(0);
    const whole = subscribe(wsUrl, { authorization: `Bearer ${token}` }, CASE_EVENTS, { after: undefined });
    await untilProbeSeen(launch, () => whole.events().length > 0);
    const tenantCursor = whole.events()[0]!.cursor;
    await Promise.all([byCase.close(), resumedByCase.close(), whole.close()]);

    const other = await signUp('Cursor thief');
    const refusals: [string, Record<string, unknown>, RegExp][] = [
      [token, { after: 'not-a-cursor' }, /not a cursor/],
      [token, { after: caseCursor }, /pass that case as caseId/],
      [token, { caseId, after: tenantCursor }, /without caseId/],
      [other.token, { after: tenantCursor }, /another tenant/],
    ];
    for (const [as, variables, message] of refusals) {
      const bad = subscribe(wsUrl, { authorization: `Bearer ${as}` }, CASE_EVENTS, variables);
      await expect.poll(() => bad.results.length, { timeout: 60_000 }).toBeGreaterThan(0);
      expect(bad.results[0]!.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(bad.results[0]!.errors?.[0]?.message).toMatch(message);
      expect(bad.events()).toEqual([]);
      await bad.close();
    }
  });

  it("never delivers another tenant's events", async () => {
    const other = await signUp('Other');
    const caseId = await launch();
    const byId = subscribe(wsUrl, { authorization: `Bearer ${other.token}` }, CASE_EVENTS, { caseId });
    const all = subscribe(wsUrl, { authorization: `Bearer ${other.token}` }, `subscription { caseEvents { sequence case { id } } }`, {});
    await expect.poll(() => byId.results.length, { timeout: 60_000 }).toBeGreaterThan(0);
    expect(byId.results[0]!.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // An all-cases subscription delivers from when it is live at workflows, which graphql-ws does not
    // acknowledge: the other tenant launches cases of its own until one reaches it, so silence below means something.
    const otherSpecification = await importConcert(other.token);
    const probes = await untilProbeSeen(
      () => launchAs(other.token, otherSpecification),
      (launched) => all.events().some((e) => launched.has(e.case.id)),
    );
    // A subscriber of the first tenant, so the wait covers the delivery of that case's events.
    const control = subscribe(wsUrl, { authorization: `Bearer ${token}` }, CASE_EVENTS, { caseId });
    await expect.poll(() => control.events().length, { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await workNext(caseId)).toBe(true);
    await expect.poll(() => control.events().some((e) => e.type === 'workitem.completed'), { timeout: 60_000 }).toBe(true);
    // The other tenant's subscriptions, on the same gateway and feed, would have had them by now too.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(byId.events()).toEqual([]);
    expect(all.results.filter((r) => r.errors)).toEqual([]);
    expect(all.events().filter((e) => !probes.includes(e.case.id))).toEqual([]);
    await Promise.all([byId.close(), all.close(), control.close()]);
  });
});
