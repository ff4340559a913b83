import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { startPlatform, type Platform } from '../../scripts/lib/platform.js';
import { postGraphQL } from '../support/http.js';
import { TEST_IDENTITY, login, organiseConcertOutput, organiseConcertXml } from '../support/e2e.js';

const identity = TEST_IDENTITY;

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

describe('case event subscriptions', () => {
  let platform: Platform;
  let url: string;
  let wsUrl: string;
  let token: string;
  let specificationId: string;
  const gql = async <T>(query: string, variables?: Record<string, unknown>, as = token) => {
    const result = await postGraphQL<T>(url, query, { token: as, variables });
    expect(result.body.errors).toBeUndefined();
    return result.body.data!;
  };
  const launch = async () => (await gql<{ launchCase: { id: string } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: specificationId })).launchCase.id;
  /** Starts and completes the next item of the case in the caller's queue; false when there is none. */
  const workNext = async (caseId: string) => {
    const { workQueue } = await gql<{ workQueue: { id: string; taskId: string; case: { id: string } }[] }>(`{ workQueue { id taskId case { id } } }`);
    const next = workQueue.find((item) => item.case.id === caseId);
    if (!next) return false;
    const started = await gql<{ startWorkItem: { input: Record<string, unknown> | null } }>(`mutation($id: ID!) { startWorkItem(id: $id) { input } }`, { id: next.id });
    const output = organiseConcertOutput(next.taskId, started.startWorkItem.input);
    await gql(`mutation($id: ID!, $o: JSON) { completeWorkItem(id: $id, output: $o) { status } }`, { id: next.id, o: output });
    return true;
  };

  beforeAll(async () => {
    platform = await startPlatform({ basePort: 0, host: '127.0.0.1', seed: true, logLevel: 'silent', supergraphPath: 'schema/supergraph.graphql', watchSupergraph: false, identity });
    url = `${platform.gateway.url}/`;
    wsUrl = `${platform.gateway.url.replace('http', 'ws')}/graphql`;
    token = await login(url);
    const xml = organiseConcertXml();
    const imported = await gql<{ importSpecification: { specifications: { id: string }[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, { x: xml });
    specificationId = imported.importSpecification.specifications[0]!.id;
  });
  afterAll(() => platform?.close());

  it('delivers a case from launch to completion through the gateway with fields of identity and analytics, and resumes after a disconnect', async () => {
    const caseId = await launch();
    const first = subscribe(wsUrl, { authorization: `Bearer ${token}` }, CASE_EVENTS, { caseId });
    await expect.poll(() => first.events().length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await workNext(caseId)).toBe(true);
    await expect.poll(() => first.events().some((e) => e.type === 'workitem.completed'), { timeout: 10_000 }).toBe(true);
    first.terminate();
    const seen = first.events();
    const lastCursor = seen[seen.length - 1]!.cursor;

    while (await workNext(caseId));
    const resumed = subscribe(wsUrl, { authorization: `Bearer ${token}` }, CASE_EVENTS, { caseId, after: lastCursor });
    await expect.poll(() => resumed.events().some((e) => e.type === 'case.completed'), { timeout: 10_000 }).toBe(true);
    await resumed.close();

    const all = [...seen, ...resumed.events()];
    expect(resumed.results.every((r) => r.errors === undefined)).toBe(true);
    // Nothing lost, nothing repeated, in order.
    expect(all.map((e) => e.sequence)).toEqual(all.map((_, i) => i + 1));
    expect(all[0]).toMatchObject({ type: 'case.started', case: { id: caseId, startedBy: { email: demo.users.user.email }, specification: { name: 'Organise Concert' } } });
    expect(all.every((e) => e.case.specification.metrics !== undefined)).toBe(true);
    expect(all.filter((e) => e.type === 'workitem.completed').map((e) => e.taskId)).toEqual(['BookStadium', 'SellTickets', 'DoShow']);
    expect(all.find((e) => e.type === 'workitem.started')?.workItem?.id).toEqual(expect.any(String));
    expect(all[all.length - 1]!.case.status).toBe('COMPLETED');
  });

  it('serves subscriptions straight from the workflows subgraph on its own port', async () => {
    const caseId = await launch();
    const direct = subscribe(`${platform.subgraphs.workflows!.url.replace('http', 'ws')}/graphql`, { authorization: `Bearer ${token}` }, `subscription($c: ID) { caseEvents(caseId: $c) { sequence type case { id } } }`, { c: caseId });
    await expect.poll(() => direct.events().length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await workNext(caseId)).toBe(true);
    await expect.poll(() => direct.events().some((e) => e.type === 'workitem.completed'), { timeout: 10_000 }).toBe(true);
    await direct.close();
    expect(direct.events().map((e) => e.sequence)).toEqual(direct.events().map((_, i) => i + 1));
    expect(direct.events()[0]).toMatchObject({ type: 'case.started', case: { id: caseId } });
  });

  it('refuses unauthenticated and forged connections with 4401, at the gateway and at the subgraph', async () => {
    for (const target of [wsUrl, `${platform.subgraphs.workflows!.url.replace('http', 'ws')}/graphql`]) {
      for (const params of [{}, { authorization: 'Bearer not-a-token' }] as Record<string, string>[]) {
        const refused = subscribe(target, params, CASE_EVENTS, {});
        await expect.poll(() => refused.state().closeCode, { timeout: 5_000 }).toBe(4401);
        expect(refused.results).toEqual([]);
        await refused.close();
      }
    }
  });

  it('answers an invalid cursor with BAD_USER_INPUT', async () => {
    const bad = subscribe(wsUrl, { authorization: `Bearer ${token}` }, CASE_EVENTS, { after: 'not-a-cursor' });
    await expect.poll(() => bad.results.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(bad.results[0]!.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.events()).toEqual([]);
    await bad.close();
  });

  it("never delivers another tenant's events", async () => {
    const slug = `subs-${Date.now().toString(36)}`;
    const signUp = await postGraphQL<{ signUp: { accessToken: string } }>(url, `mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }`, {
      variables: { i: { tenantName: 'Other', tenantSlug: slug, email: `${slug}@example.com`, name: 'Other Admin', password: 'other-password-123' } },
    });
    const otherToken = signUp.body.data!.signUp.accessToken;
    const caseId = await launch();
    const byId = subscribe(wsUrl, { authorization: `Bearer ${otherToken}` }, CASE_EVENTS, { caseId });
    const all = subscribe(wsUrl, { authorization: `Bearer ${otherToken}` }, `subscription { caseEvents { sequence case { id } } }`, {});
    await expect.poll(() => byId.results.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(byId.results[0]!.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await workNext(caseId)).toBe(true);
    // Give the feed time to deliver the events of the first tenant's case, which must not arrive.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(byId.events()).toEqual([]);
    expect(all.results).toEqual([]);
    await byId.close();
    await all.close();
  });
});
