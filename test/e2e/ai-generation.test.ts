import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { parseSpecificationSet, type Specification } from '@flowgraph/yawl';
import { SUPPORTED_INTENTS } from '../../subgraphs/ai/corpus/intents.js';
import { outputFor, type Mode } from '../../subgraphs/ai/testing/generated-outputs.js';
import { login } from '../support/e2e.js';
import { subscribe, until } from '../support/graphql-ws-client.js';
import { postGraphQL } from '../support/http.js';
import { startLivePlatform, type LivePlatform } from '../support/live-platform.js';

/** The issue's own examples, followed on the subscription and for the implicit DEPLOYED their launch counts as. */
const INTENTS: [string, Mode][] = [
  ['Invoice approval: a clerk enters the invoice, a manager approves amounts up to 10,000, above that finance signs off too, then it is paid', 'high'],
  ['Article: the author writes the draft, then the editor reviews the draft until it is approved, then the article is published', 'low'],
  ['Release: engineering builds the release, QA tests the build and security scans the build in parallel, then operations deploys the release', 'high'],
];

const CHOICE = 'WCP-4 exclusive choice';

interface WorkItem {
  id: string;
  taskId: string;
  kind: 'ATOMIC' | 'MULTI_INSTANCE_PARENT' | 'MULTI_INSTANCE_CHILD';
  status: string;
  input: Record<string, unknown> | null;
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

  /** Generates `intent` and waits for its verdict (by query; the subscription is followed in the first test). */
  const generated = async (intent: string) => {
    const { generateWorkflow } = await gql<{ generateWorkflow: { id: string; status: string } }>(`mutation($i: GenerateWorkflowInput!) { generateWorkflow(input: $i) { id status } }`, { i: { intent } });
    expect(generateWorkflow.status).toBe('PENDING');
    return generateWorkflow.id;
  };

  const generation = async (id: string) =>
    (
      await gql<{ workflowGeneration: { status: string; specificationXml: string | null; patterns: string[]; problems: string[] } }>(
        `query($id: ID!) { workflowGeneration(id: $id) { status specificationXml patterns problems } }`,
        { id },
      )
    ).workflowGeneration;

  /** The generation's specification, parsed, once it is imported into the tenant; and its id there. */
  const imported = async (id: string, xml: string): Promise<{ model: Specification; specificationId: string }> => {
    const parsed = parseSpecificationSet(xml);
    if (!parsed.ok) throw new Error('generated XML does not parse');
    const model = parsed.set.specifications[0]!;
    await gql(`mutation($id: ID!) { importGeneratedWorkflow(id: $id) { importStatus } }`, { id });
    const state = async () =>
      (await gql<{ workflowGeneration: { importStatus: string; specification: { id: string; name: string; runnable: boolean } | null } }>(`query($id: ID!) { workflowGeneration(id: $id) { importStatus specification { id name runnable } } }`, { id }))
        .workflowGeneration;
    await expect.poll(async () => (await state()).importStatus, { timeout: 60_000 }).toBe('IMPORTED');
    const specification = (await state()).specification!;
    expect(specification).toMatchObject({ name: model.meta.title, runnable: true });
    return { model, specificationId: specification.id };
  };

  /**
   * Launches a case and completes every item it offers, through the gateway, with outputs of the
   * declared types (`mode` choosing the branches); a multiple-instance child hands back its own item.
   * Answers the tasks completed, in order.
   */
  const drive = async (model: Specification, specificationId: string, mode: Mode): Promise<string[]> => {
    const { launchCase } = await gql<{ launchCase: { id: string } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: specificationId });
    const rounds = new Map<string, number>();
    const done: string[] = [];
    for (let guard = 0; ; guard++) {
      const { case: current } = await gql<{ case: { status: string; workItems: WorkItem[] } }>(`query($id: ID!) { case(id: $id) { status workItems { id taskId kind status input } } }`, { id: launchCase.id });
      if (current.status !== 'RUNNING') break;
      if (guard > 200) throw new Error(`the case of ${model.uri} (${mode}) did not end`);
      // The engine starts a multiple-instance task as a whole itself: people work on its children.
      const item = current.workItems.find((candidate) => LIVE.has(candidate.status) && candidate.kind !== 'MULTI_INSTANCE_PARENT');
      if (!item) throw new Error(`the case of ${model.uri} (${mode}) is running with nothing to do`);
      const decomposition = decompositionOf(model, item.taskId);
      const round = (rounds.get(item.taskId) ?? 0) + 1;
      rounds.set(item.taskId, round);
      if (item.status !== 'STARTED') await gql(`mutation($id: ID!) { startWorkItem(id: $id) { status } }`, { id: item.id });
      const output = outputFor(model, decomposition, mode, round);
      if (item.kind === 'MULTI_INSTANCE_CHILD') {
        const own = item.input ?? {};
        for (const param of decomposition.outputParams) if (param.name in own) output[param.name] = own[param.name];
      }
      await gql(`mutation($id: ID!, $o: JSON) { completeWorkItem(id: $id, output: $o) { status } }`, { id: item.id, o: output });
      done.push(item.taskId);
    }
    const { case: finished } = await gql<{ case: { status: string } }>(`query($id: ID!) { case(id: $id) { status } }`, { id: launchCase.id });
    expect(finished.status, `the case of ${model.uri} (${mode})`).toBe('COMPLETED');
    return done;
  };

  beforeAll(async () => {
    // One scripted person drives the whole corpus at machine speed (thousands of requests a minute): a
    // budget above that, so the run measures the workflows, not the limits (rate-limits.security.test.ts does).
    platform = await startLivePlatform({ subgraphs: ['ai'], rateLimits: { windowSeconds: 60, address: 100_000, user: 100_000, apiKey: 600 } });
    token = await login(platform.url, demo.users.admin.email);
  }, 240_000);
  afterAll(() => platform?.close());

  it.each(INTENTS)('generates, imports, launches and completes: %s', async (intent, mode) => {
    const id = await generated(intent);
    const updates = subscribe<{ workflowGenerationUpdated: { status: string } }>({
      url: platform.wsUrl,
      connectionParams: { authorization: `Bearer ${token}` },
      query: `subscription($id: ID!) { workflowGenerationUpdated(id: $id) { status } }`,
      variables: { id },
    });
    await until('the generation to end on the subscription', () => updates.state().completed, 60_000);
    expect(updates.results.at(-1)?.data?.workflowGenerationUpdated.status).toBe('SUCCEEDED');
    await updates.close();

    const { model, specificationId } = await imported(id, (await generation(id)).specificationXml!);
    const done = await drive(model, specificationId, mode);
    expect(done.length).toBeGreaterThan(1);

    // The launch counts as an implicit DEPLOYED.
    await expect
      .poll(async () => (await gql<{ workflowGeneration: { feedback: { action: string; implicit: boolean }[] } }>(`query($id: ID!) { workflowGeneration(id: $id) { feedback { action implicit } } }`, { id })).workflowGeneration.feedback, {
        timeout: 60_000,
      })
      .toEqual([{ action: 'DEPLOYED', implicit: true }]);
  });

  // Every supported intent of the corpus, as a person would: generated, imported and run to completion
  // through the gateway; where the workflow chooses, two cases whose data choose differently.
  it.each(SUPPORTED_INTENTS.map((entry) => [entry.intent, entry] as const))('drives the corpus intent to completion: %s', async (_intent, { intent, patterns }) => {
    const id = await generated(intent);
    await expect.poll(async () => (await generation(id)).status, { timeout: 60_000 }).toMatch(/^(SUCCEEDED|FAILED)$/);
    const result = await generation(id);
    expect(result.problems).toEqual([]);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.patterns).toEqual(expect.arrayContaining(patterns));
    const { model, specificationId } = await imported(id, result.specificationXml!);
    if (!result.patterns.includes(CHOICE)) {
      expect((await drive(model, specificationId, 'high')).length).toBeGreaterThan(0);
      return;
    }
    const [high, low] = [await drive(model, specificationId, 'high'), await drive(model, specificationId, 'low')];
    expect(high).not.toEqual(low);
  });
});
