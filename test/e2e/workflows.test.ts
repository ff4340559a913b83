import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { startPlatform, type Platform } from '../../scripts/lib/platform.js';
import { postGraphQL } from '../support/http.js';
import { TEST_IDENTITY, login, concertOutput, concertXml } from '../support/e2e.js';

const identity = TEST_IDENTITY;

interface QueueItem {
  id: string;
  taskId: string;
  input: Record<string, unknown> | null;
  case: { id: string };
}

// Deadlines bound a failure on a loaded machine; a pass never waits for them.
describe('workflows through the gateway', { timeout: 180_000 }, () => {
  let platform: Platform;
  let url: string;
  let token: string;
  const gql = async <T>(query: string, variables?: Record<string, unknown>) => {
    const result = await postGraphQL<T>(url, query, { token, variables });
    expect(result.body.errors).toBeUndefined();
    return result.body.data!;
  };

  beforeAll(async () => {
    platform = await startPlatform({ basePort: 0, host: '127.0.0.1', seed: true, logLevel: 'silent', supergraphPath: 'schema/supergraph.graphql', watchSupergraph: false, identity });
    url = `${platform.gateway.url}/`;
    token = await login(url);
  });
  afterAll(() => platform?.close());

  it('imports the test concert and runs it from launch to completion, with fields from identity and analytics', async () => {
    const xml = concertXml();
    const imported = await gql<{ importSpecification: { specifications: { id: string }[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, { x: xml });
    const specificationId = imported.importSpecification.specifications[0]!.id;
    const launched = await gql<{ launchCase: { id: string; startedBy: { email: string } } }>(
      `mutation($s: ID!) { launchCase(specificationId: $s) { id startedBy { email } } }`,
      { s: specificationId },
    );
    expect(launched.launchCase.startedBy.email).toBe(demo.users.user.email);
    const caseId = launched.launchCase.id;
    const done: string[] = [];
    for (let guard = 0; guard < 10; guard++) {
      const { me } = await gql<{ me: { workQueue: QueueItem[] } }>(`{ me { workQueue { id taskId input case { id } } } }`);
      const next = me.workQueue.find((item) => item.case.id === caseId);
      if (!next) break;
      const started = await gql<{ startWorkItem: { input: Record<string, unknown> | null; assignee: { name: string } } }>(
        `mutation($id: ID!) { startWorkItem(id: $id) { input assignee { name } } }`,
        { id: next.id },
      );
      expect(started.startWorkItem.assignee.name).toBe(demo.users.user.name);
      const output = concertOutput(next.taskId, started.startWorkItem.input);
      await gql(`mutation($id: ID!, $o: JSON) { completeWorkItem(id: $id, output: $o) { status } }`, { id: next.id, o: output });
      done.push(next.taskId);
    }
    expect(done).toEqual(['HireVenue', 'SellTickets', 'StageShow']);
    const finished = await gql<{ case: { status: string; data: Record<string, unknown>; specification: { name: string; createdBy: { email: string } } } }>(
      `query($id: ID!) { case(id: $id) { status data specification { name createdBy { email } } } }`,
      { id: caseId },
    );
    expect(finished.case).toMatchObject({ status: 'COMPLETED', data: { TicketsSold: 31000 }, specification: { name: 'Summer Concert', createdBy: { email: demo.users.user.email } } });
    // Analytics counts the case from the events the outbox published.
    await expect
      .poll(async () => (await gql<{ specification: { metrics: { casesStarted: number; casesCompleted: number } } }>(`query($id: ID!) { specification(id: $id) { metrics { casesStarted casesCompleted } } }`, { id: specificationId })).specification.metrics, {
        timeout: 60_000,
      })
      .toEqual({ casesStarted: 1, casesCompleted: 1 });
  });
});
