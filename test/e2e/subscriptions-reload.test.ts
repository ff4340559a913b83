import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '@flowgraph/shared/platform/subgraphs';
import { login, concertOutput, concertXml } from '../support/e2e.js';
import { postGraphQL } from '../support/http.js';
import { startLivePlatform, type LivePlatform } from '../support/live-platform.js';

interface Notification {
  cursor: string;
  sequence: number;
  type: string;
  case: { id: string; status: string; specification: { name: string; metrics?: { casesStarted: number } | null } };
}

/** `metrics` comes from analytics, which the reloaded supergraph no longer has. */
const WITH_ANALYTICS = `subscription($caseId: ID, $after: String) {
  caseEvents(caseId: $caseId, after: $after) { cursor sequence type case { id status specification { name metrics { casesStarted } } } }
}`;
const WITHOUT_ANALYTICS = `subscription($caseId: ID, $after: String) {
  caseEvents(caseId: $caseId, after: $after) { cursor sequence type case { id status specification { name } } }
}`;

function subscribe(url: string, token: string, query: string, variables: Record<string, unknown>) {
  const results: FormattedExecutionResult<{ caseEvents: Notification }, unknown>[] = [];
  let failure: unknown;
  let completed = false;
  const client: Client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  const unsubscribe = client.subscribe<{ caseEvents: Notification }>(
    { query, variables },
    { next: (result) => void results.push(result), error: (error) => void (failure = error), complete: () => void (completed = true) },
  );
  return {
    results,
    events: () => results.flatMap((r) => (r.data?.caseEvents ? [r.data.caseEvents] : [])),
    state: () => ({ failure, completed }),
    close: async () => {
      unsubscribe();
      await client.dispose();
    },
  };
}

/**
 * On the real services, with analytics running, so `metrics` is a field a live plan can still fetch
 * after the reload. It signs in to the seeded demo tenant, which other runs share on Kafka; its
 * subscriptions are to one case, whose fresh id no other run's events carry.
 */
// Deadlines bound a failure on a loaded machine; a pass never waits for them.
describe('gateway supergraph reload with live subscriptions', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'supergraph-subscriptions-'));
  const supergraphPath = join(dir, 'supergraph.graphql');
  let platform: LivePlatform;
  let url: string;
  let wsUrl: string;
  let token: string;
  let specificationId: string;
  const gql = async <T>(query: string, variables?: Record<string, unknown>) => {
    const result = await postGraphQL<T>(url, query, { token, variables });
    expect(result.body.errors).toBeUndefined();
    return result.body.data!;
  };
  const specificationFields = async () => (await gql<{ __type: { fields: { name: string }[] } }>(`{ __type(name: "Specification") { fields { name } } }`)).__type.fields.map((f) => f.name);
  const workToCompletion = async (caseId: string) => {
    for (let guard = 0; guard < 10; guard++) {
      const { workQueue } = await gql<{ workQueue: { id: string; taskId: string; case: { id: string } }[] }>(`{ workQueue { id taskId case { id } } }`);
      const next = workQueue.find((item) => item.case.id === caseId);
      if (!next) return;
      const started = await gql<{ startWorkItem: { input: Record<string, unknown> | null } }>(`mutation($id: ID!) { startWorkItem(id: $id) { input } }`, { id: next.id });
      const output = concertOutput(next.taskId, started.startWorkItem.input);
      await gql(`mutation($id: ID!, $o: JSON) { completeWorkItem(id: $id, output: $o) { status } }`, { id: next.id, o: output });
    }
  };

  beforeAll(async () => {
    writeFileSync(supergraphPath, readFileSync('schema/supergraph.graphql', 'utf8'));
    platform = await startLivePlatform({ subgraphs: ['analytics'], supergraph: { path: supergraphPath, watch: true } });
    url = platform.url;
    wsUrl = platform.wsUrl;
    token = await login(url);
    const xml = concertXml();
    const imported = await gql<{ importSpecification: { specifications: { id: string }[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, { x: xml });
    specificationId = imported.importSpecification.specifications[0]!.id;
  });
  afterAll(async () => {
    await platform?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps live subscriptions on the plan they started with; new ones are validated and planned against the new supergraph', async () => {
    const caseId = (await gql<{ launchCase: { id: string } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: specificationId })).launchCase.id;
    const live = subscribe(wsUrl, token, WITH_ANALYTICS, { caseId });
    await expect.poll(() => live.events().length, { timeout: 60_000 }).toBeGreaterThan(0);
    const beforeReload = live.events().length;

    // An operator ships a supergraph without the analytics subgraph.
    const services = SUBGRAPHS.filter(({ name }) => name !== 'analytics').map(({ name, folder }) => ({
      name,
      url: `http://${name}:4000/graphql`,
      typeDefs: parse(readFileSync(`${folder}/schema.graphql`, 'utf8')),
    }));
    const composed = composeServices(services);
    expect(composed.errors).toBeUndefined();
    writeFileSync(supergraphPath, composed.supergraphSdl!);
    await expect.poll(specificationFields, { timeout: 60_000, interval: 100 }).not.toContain('metrics');

    // The live subscription is neither ended nor re-planned: events after the reload still carry
    // `metrics`, which only the plan made over the old supergraph can fetch.
    await workToCompletion(caseId);
    await expect.poll(() => live.events().some((e) => e.type === 'case.completed'), { timeout: 60_000 }).toBe(true);
    const events = live.events();
    expect(events.length).toBeGreaterThan(beforeReload);
    expect(live.results.filter((r) => r.errors)).toEqual([]);
    expect(live.state()).toEqual({ failure: undefined, completed: false });
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    expect(events.slice(beforeReload).every((e) => 'metrics' in e.case.specification)).toBe(true);

    // A new subscription asking for the removed field is refused at validation...
    const stale = subscribe(wsUrl, token, WITH_ANALYTICS, { caseId });
    await expect.poll(() => stale.state().failure, { timeout: 60_000 }).toBeDefined();
    expect(JSON.stringify(stale.state().failure)).toContain('metrics');
    expect(stale.events()).toEqual([]);
    await stale.close();

    // ...and one within the new supergraph resumes from a cursor of the old subscription.
    const resumed = subscribe(wsUrl, token, WITHOUT_ANALYTICS, { caseId, after: events[1]!.cursor });
    await expect.poll(() => resumed.events().some((e) => e.type === 'case.completed'), { timeout: 60_000 }).toBe(true);
    expect(resumed.results.filter((r) => r.errors)).toEqual([]);
    expect(resumed.events().map((e) => e.sequence)).toEqual(events.slice(2).map((e) => e.sequence));
    expect(resumed.events().every((e) => !('metrics' in e.case.specification))).toBe(true);
    await resumed.close();
    await live.close();
  });
});
