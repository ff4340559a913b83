import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvelope, demo, type EventEnvelope } from '@flowgraph/shared';
import { AI_EVENTS_TOPIC, AiEventType, GENERATED_IMPORTS_TOPIC } from '@flowgraph/shared/events/ai-events';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import { readSpecification } from '@flowgraph/yawl/testing/fixtures';
import type { Context } from '../context.js';
import { workflowsSubgraph } from '../index.js';

const member = principal(demo.users.user.id, demo.tenant.id, 'user');

describe('imports of generated workflows requested by the ai subgraph', () => {
  let h: Harness<Context>;
  const answers: EventEnvelope[] = [];
  beforeAll(async () => {
    h = await startHarness(workflowsSubgraph(), { seed: false });
    await h.deps.events.subscribe({ groupId: 'test-answers', topic: GENERATED_IMPORTS_TOPIC, handler: async (envelope) => void answers.push(envelope) });
  });
  afterAll(() => h.close());

  const request = (generationId: string, xml: string) =>
    h.deps.events.publish(AI_EVENTS_TOPIC, [
      createEnvelope({ type: AiEventType.importRequested, source: 'ai', tenantId: demo.tenant.id, key: generationId, data: { generationId, requestedBy: demo.users.user.id, xml } }),
    ]);
  const answerOf = async (generationId: string, count = 1) => {
    await expect.poll(() => answers.filter((answer) => answer.key === generationId).length, { timeout: 30_000 }).toBe(count);
    return answers.filter((answer) => answer.key === generationId);
  };

  it('imports the XML for the requester and answers with the specification; a repeated request gets the same one', async () => {
    const generationId = '7a000000-0000-4000-8000-000000000001';
    await request(generationId, readSpecification('concert'));
    const [imported] = await answerOf(generationId);
    expect(imported).toMatchObject({ type: 'workflows.generated-workflow.imported', tenantId: demo.tenant.id, data: { generationId, specificationId: expect.any(String) } });
    const specificationId = (imported!.data as { specificationId: string }).specificationId;
    const read = await h.run<{ specification: { name: string; runnable: boolean; createdBy: { id: string } } }>(`query($id: ID!) { specification(id: $id) { name runnable createdBy { id } } }`, { id: specificationId }, member);
    expect(read.data?.specification).toEqual({ name: 'Summer Concert', runnable: true, createdBy: { id: demo.users.user.id } });
    await request(generationId, readSpecification('concert'));
    const [, again] = await answerOf(generationId, 2);
    expect(again?.data).toEqual({ generationId, specificationId });
  });

  it('answers with the reason when the XML does not import', async () => {
    const generationId = '7a000000-0000-4000-8000-000000000002';
    await request(generationId, '<specificationSet');
    const [failed] = await answerOf(generationId);
    expect(failed).toMatchObject({ type: 'workflows.generated-workflow.import-failed', data: { generationId, reason: expect.stringContaining('error') } });
  });
});
