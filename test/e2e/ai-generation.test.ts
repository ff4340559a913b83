import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { parseSpecificationSet, type Specification } from '@flowgraph/yawl';
import { outputFor, type Mode } from '../../subgraphs/ai/testing/generated-outputs.js';
import { login } from '../support/e2e.js';
import { subscribe, until } from '../support/graphql-ws-client.js';
import { postGraphQL } from '../support/http.js';
import { startLivePlatform, type LivePlatform } from '../support/live-platform.js';

const INTENTS: [string, Mode][] = [
  ['Invoice approval: a clerk enters the invoice, a manager approves amounts up to 10,000, above that finance signs off too, then it is paid', 'high'],
  ['Article: the author writes the draft, then the editor reviews the draft until it is approved, then the article is published', 'low'],
  ['Release: engineering builds the release, QA tests the build and security scans the build in parallel, then operations deploys the release', 'high'],
];

interface WorkItem {
  id: string;
  taskId: string;
  status: string;
}

const LIVE = new Set(['ENABLED', 'OFFERED', 'ALLOCATED', 'STARTED']);

function decompositionOf(spec: Specification, taskId: string) {
  const root = spec.decompositions[spec.rootNetId];
  const task = root?.kind === 'net' ? root.elements[taskId] : undefined;
  const decomposition = task?.kind === 'task' && task.decomposesTo ? spec.decompositions[task.decomposesTo] : undefined;
  if (decomposition?.kind !== 'task') throw new Error(`no decomposition for ${taskId}`);
  return decomposition;
}

// Deadlines bound a failure on a loaded machine; a pass never waits for them.
describe('generated workflows through the gateway', { timeout: 240_000 }, () => {
  let platform: LivePlatform;
  let token: string;
  const gql = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const result = await postGraphQL<T>(platform.url, query, { token, variables });
    expect(result.body.errors).toBeUndefined();
    return result.body.data!;
  };

  beforeAll(async () => {
    platform = await startLivePlatform({ subgraphs: ['ai'] });
    token = await login(platform.url, demo.users.admin.email);
  }, 240_000);
  afterAll(() => platform?.close());

  it.each(INTENTS)('generates, imports, launches and completes: %s', async (intent, mode) => {
    const { generateWorkflow } = await gql<{ generateWorkflow: { id: string; status: string } }>(`mutation($i: GenerateWorkflowInput!) { generateWorkflow(input: $i) { id status } }`, { i: { intent } });
    expect(generateWorkflow.status).toBe('PENDING');
    const id = generateWorkflow.id;
    const updates = subscribe<{ workflowGenerationUpdated: { status: string } }>({
      url: platform.wsUrl,
      connectionParams: { authorization: `Bearer ${token}` },
      query: `subscription($id: ID!) { workflowGenerationUpdated(id: $id) { status } }`,
      variables: { id },
    });
    await until('the generation to end on the subscription', () => updates.state().completed, 60_000);
    expect(updates.results.at(-1)?.data?.workflowGenerationUpdated.status).toBe('SUCCEEDED');
    await updates.close();

    const { workflowGeneration } = await gql<{ workflowGeneration: { specificationXml: string } }>(`query($id: ID!) { workflowGeneration(id: $id) { specificationXml } }`, { id });
    const parsed = parseSpecificationSet(workflowGeneration.specificationXml);
    if (!parsed.ok) throw new Error('generated XML does not parse');
    const model = parsed.set.specifications[0]!;

    await gql(`mutation($id: ID!) { importGeneratedWorkflow(id: $id) { importStatus } }`, { id });
    const imported = async () =>
      (await gql<{ workflowGeneration: { importStatus: string; specification: { id: string; name: string; runnable: boolean } | null } }>(`query($id: ID!) { workflowGeneration(id: $id) { importStatus specification { id name runnable } } }`, { id }))
        .workflowGeneration;
    await expect.poll(async () => (await imported()).importStatus, { timeout: 60_000 }).toBe('IMPORTED');
    const specification = (await imported()).specification!;
    expect(specification).toMatchObject({ name: model.meta.title, runnable: true });

    const { launchCase } = await gql<{ launchCase: { id: string } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: specification.id });
    const rounds = new Map<string, number>();
    const done: string[] = [];
    for (let guard = 0; guard < 40; guard++) {
      const { case: current } = await gql<{ case: { status: string; workItems: WorkItem[] } }>(`query($id: ID!) { case(id: $id) { status workItems { id taskId status } } }`, { id: launchCase.id });
      if (current.status !== 'RUNNING') break;
      const item = current.workItems.find((candidate) => LIVE.has(candidate.status));
      if (!item) throw new Error('a running case with nothing to do');
      const round = (rounds.get(item.taskId) ?? 0) + 1;
      rounds.set(item.taskId, round);
      if (item.status !== 'STARTED') await gql(`mutation($id: ID!) { startWorkItem(id: $id) { status } }`, { id: item.id });
      await gql(`mutation($id: ID!, $o: JSON) { completeWorkItem(id: $id, output: $o) { status } }`, { id: item.id, o: outputFor(model, decompositionOf(model, item.taskId), mode, round) });
      done.push(item.taskId);
    }
    const { case: finished } = await gql<{ case: { status: string } }>(`query($id: ID!) { case(id: $id) { status } }`, { id: launchCase.id });
    expect(finished.status).toBe('COMPLETED');
    expect(done.length).toBeGreaterThan(1);

    // The launch counts as an implicit DEPLOYED.
    await expect
      .poll(async () => (await gql<{ workflowGeneration: { feedback: { action: string; implicit: boolean }[] } }>(`query($id: ID!) { workflowGeneration(id: $id) { feedback { action implicit } } }`, { id })).workflowGeneration.feedback, {
        timeout: 60_000,
      })
      .toEqual([{ action: 'DEPLOYED', implicit: true }]);
  });
});
