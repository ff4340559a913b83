import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { aiOptionsFromEnv, aiSubgraph } from '../index.js';
import { startChatCompletionsServer, type ChatCompletionsServer } from '../testing/chat-completions-server.js';
import { INVALID_NET_ANSWER, MALFORMED_ANSWER, VALID_ANSWER } from './providers/recordings/answers.js';

const member = principal(demo.users.user.id, demo.tenant.id, 'user');

interface Generation {
  id: string;
  status: string;
  provider: string;
  specificationXml: string | null;
  issues: { code: string }[];
  rounds: { round: number; issues: { code: string; elementId: string }[] }[];
}

describe('the repair loop with an OpenAI-compatible provider (recorded answers on a local server)', () => {
  let server: ChatCompletionsServer;
  let h: Harness<Context>;
  beforeAll(async () => {
    server = await startChatCompletionsServer();
    h = await startHarness(aiSubgraph(aiOptionsFromEnv({ AI_PROVIDER: 'openai', AI_BASE_URL: server.baseUrl, AI_MODEL: 'glm-4.6', AI_REPAIR_ROUNDS: '2', AI_REQUEST_TIMEOUT_MS: '5000' })), { seed: false });
  });
  afterAll(async () => {
    await h.close();
    await server.close();
  });

  const generate = async (intent: string): Promise<Generation> => {
    const started = await h.run<{ generateWorkflow: { id: string } }>(`mutation($i: GenerateWorkflowInput!) { generateWorkflow(input: $i) { id } }`, { i: { intent } }, member);
    expect(started.errors).toBeUndefined();
    await h.built.createContext(member).service.idle();
    const read = await h.run<{ workflowGeneration: Generation }>(
      `query($id: ID!) { workflowGeneration(id: $id) { id status provider specificationXml issues { code } rounds { round issues { code elementId } } } }`,
      { id: started.data!.generateWorkflow.id },
      member,
    );
    return read.data!.workflowGeneration;
  };

  it('turns an invalid draft into a valid specification: the verifier’s issues go back to the model', async () => {
    server.requests.length = 0;
    server.script({ content: INVALID_NET_ANSWER }, { content: VALID_ANSWER });
    const done = await generate('A clerk enters the invoice, a manager approves amounts over 1000, then finance pays it');
    expect(done).toMatchObject({ status: 'SUCCEEDED', provider: 'openai:glm-4.6', issues: [] });
    expect(done.rounds).toEqual([
      { round: 1, issues: expect.arrayContaining([{ code: 'XOR_SPLIT_NO_DEFAULT', elementId: 'EnterInvoice' }, { code: 'MISSING_PREDICATE', elementId: 'EnterInvoice' }]) },
      { round: 2, issues: [] },
    ]);
    expect(done.specificationXml).toContain(`<identifier>UID_${done.id}</identifier>`);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.body.messages.at(-1)!.content).toContain('XOR_SPLIT_NO_DEFAULT at EnterInvoice');
  });

  it('gives up after the repair rounds with every round’s issues, and returns no specification', async () => {
    server.requests.length = 0;
    server.script({ content: MALFORMED_ANSWER }, { content: INVALID_NET_ANSWER }, { content: MALFORMED_ANSWER.replace('Invoice', 'Invoices') });
    const done = await generate('A clerk enters the invoice, then finance pays it');
    expect(done.status).toBe('FAILED');
    expect(done.specificationXml).toBeNull();
    expect(done.rounds.map((round) => round.issues.map((issue) => issue.code))).toEqual([['XML_MALFORMED'], ['XOR_SPLIT_NO_DEFAULT', 'MISSING_PREDICATE'], ['XML_MALFORMED']]);
    expect(done.issues.map((issue) => issue.code)).toEqual(['XML_MALFORMED']);
    expect(server.requests).toHaveLength(3);
  });

  it('fails with the provider’s reason when it cannot draft (a 429 asking for too long)', async () => {
    server.script({ status: 429, headers: { 'retry-after': '3600' }, raw: '{}' });
    const done = await generate('A clerk enters the invoice, then the invoice is paid');
    expect(done).toMatchObject({ status: 'FAILED', issues: [{ code: 'PROVIDER_RATE_LIMITED' }], rounds: [] });
  });
});
