import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvelope, demo, type AuthContext } from '@flowgraph/shared';
import { GENERATED_IMPORTS_TOPIC, GeneratedImportEventType } from '@flowgraph/shared/events/ai-events';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import { aiOptionsFromEnv, aiSubgraph } from '../index.js';
import type { Context } from '../context.js';
import { outbox } from '../data/schema.js';

const member = principal(demo.users.user.id, demo.tenant.id, 'user');
const outsider = principal('00000000-0000-4000-8000-00000000bbbb', '00000000-0000-4000-8000-00000000aaaa', 'admin');

interface Generation {
  id: string;
  status: string;
  importStatus: string;
  importError: string | null;
  specification: { id: string } | null;
  similar: { title: string; score: number; successRate: number | null }[];
  feedback: { action: string; comment: string | null; implicit: boolean; givenBy: { id: string } | null }[];
}
const FIELDS = 'id status importStatus importError specification { id } similar { title score successRate } feedback { action comment implicit givenBy { id } }';

describe('importGeneratedWorkflow and workflowFeedback', () => {
  let h: Harness<Context>;
  beforeAll(async () => {
    h = await startHarness(aiSubgraph(aiOptionsFromEnv({})), { seed: false });
  });
  afterAll(() => h.close());

  const read = async (id: string, auth: AuthContext = member) => (await h.run<{ workflowGeneration: Generation }>(`query($id: ID!) { workflowGeneration(id: $id) { ${FIELDS} } }`, { id }, auth)).data!.workflowGeneration;
  const generate = async (intent: string, auth: AuthContext = member): Promise<Generation> => {
    const started = await h.run<{ generateWorkflow: { id: string } }>(`mutation($i: GenerateWorkflowInput!) { generateWorkflow(input: $i) { id } }`, { i: { intent } }, auth);
    expect(started.errors).toBeUndefined();
    await h.built.createContext(auth).service.idle();
    return read(started.data!.generateWorkflow.id, auth);
  };
  const importIt = (id: string, auth: AuthContext = member) => h.run<{ importGeneratedWorkflow: Generation }>(`mutation($id: ID!) { importGeneratedWorkflow(id: $id) { ${FIELDS} } }`, { id }, auth);
  const feedback = (generationId: string, action: string, comment?: string, auth: AuthContext = member) =>
    h.run<{ workflowFeedback: { action: string; implicit: boolean } }>(`mutation($g: ID!, $a: FeedbackAction!, $c: String) { workflowFeedback(generationId: $g, action: $a, comment: $c) { action implicit } }`, { g: generationId, a: action, c: comment }, auth);

  it('asks the workflows subgraph through the outbox, and takes its answer: then the specification resolves', async () => {
    const done = await generate('A clerk enters the invoice, then finance pays the invoice');
    const requested = await importIt(done.id);
    expect(requested.errors).toBeUndefined();
    expect(requested.data!.importGeneratedWorkflow).toMatchObject({ importStatus: 'REQUESTED', specification: null });
    const events = await h.deps.database.db.select().from(outbox);
    const request = events.find((row) => row.envelope.type === 'ai.workflow.import-requested' && row.key === done.id);
    expect(request?.envelope).toMatchObject({ tenantId: demo.tenant.id, data: { generationId: done.id, requestedBy: demo.users.user.id, xml: expect.stringContaining(`UID_${done.id}`) } });
    // Asking again while requested publishes nothing more.
    expect((await importIt(done.id)).data!.importGeneratedWorkflow.importStatus).toBe('REQUESTED');
    expect((await h.deps.database.db.select().from(outbox)).filter((row) => row.envelope.type === 'ai.workflow.import-requested' && row.key === done.id)).toHaveLength(1);
    const specificationId = '6f1d7c8e-1111-4a2b-9c3d-000000000001';
    await h.deps.events.publish(GENERATED_IMPORTS_TOPIC, [createEnvelope({ type: GeneratedImportEventType.imported, source: 'workflows', tenantId: demo.tenant.id, key: done.id, data: { generationId: done.id, specificationId } })]);
    await expect.poll(async () => (await read(done.id)).importStatus, { timeout: 30_000 }).toBe('IMPORTED');
    expect((await read(done.id)).specification).toEqual({ id: specificationId });
  });

  it('records a refusal of the workflows subgraph', async () => {
    const done = await generate('A clerk registers the order, then the courier ships the order');
    await importIt(done.id);
    await h.deps.events.publish(GENERATED_IMPORTS_TOPIC, [createEnvelope({ type: GeneratedImportEventType.failed, source: 'workflows', tenantId: demo.tenant.id, key: done.id, data: { generationId: done.id, reason: 'This version of the specification was already imported' } })]);
    await expect.poll(async () => (await read(done.id)).importStatus, { timeout: 30_000 }).toBe('FAILED');
    expect((await read(done.id)).importError).toContain('already imported');
  });

  it('refuses to import or take feedback on a generation that did not succeed, or another tenant’s', async () => {
    const failed = await generate('Every monday the team lead reviews the backlog');
    expect((await importIt(failed.id)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await feedback(failed.id, 'DEPLOYED')).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const mine = await generate('The waiter takes the order, then the chef cooks the food');
    expect((await importIt(mine.id, outsider)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await importIt('not-a-uuid')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await feedback(mine.id, 'EDITED', 'x'.repeat(2001))).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'comment' });
  });

  it('ranks a similar workflow that was rejected again and again below one that was not', async () => {
    // A tenant of its own: its knowledge base holds only this test's workflows.
    const ranker = principal('00000000-0000-4000-8000-00000000cccd', '00000000-0000-4000-8000-00000000cccc', 'user');
    const approval = await generate('Invoice approval: a clerk enters the invoice, then a manager approves the invoice, then finance pays the invoice', ranker);
    await generate('Invoice desk: a clerk enters the invoice, then a manager checks the invoice, then finance pays the invoice', ranker);
    const query = 'Supplier invoices: a clerk enters the invoice, a manager approves the invoice, finance pays the invoice';
    const before = await generate(query, ranker);
    const order = (generation: Generation) => generation.similar.map((similar) => similar.title).filter((title) => title === 'Invoice approval' || title === 'Invoice desk');
    expect(order(before)).toEqual(['Invoice approval', 'Invoice desk']);
    for (let i = 0; i < 3; i++) expect((await feedback(approval.id, 'REJECTED', 'wrong approvers', ranker)).data?.workflowFeedback).toEqual({ action: 'REJECTED', implicit: false });
    const after = await generate(`${query}, quickly`, ranker);
    expect(order(after)).toEqual(['Invoice desk', 'Invoice approval']);
    expect(after.similar.find((similar) => similar.title === 'Invoice approval')?.successRate).toBe(0);
    expect((await read(approval.id, ranker)).feedback).toEqual(Array(3).fill({ action: 'REJECTED', comment: 'wrong approvers', implicit: false, givenBy: { id: ranker.userId } }));
  });
});
