import { parse, subscribe, type ExecutionResult } from 'graphql/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, type AuthContext } from '@flowgraph/shared';
import { parseSpecificationSet, verifySpecification } from '@flowgraph/yawl';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import { aiOptionsFromEnv, aiSubgraph } from '../index.js';
import type { Context } from '../context.js';
import { outbox, workflowGenerations } from '../data/schema.js';
import { PlannerProvider } from '../app/providers/planner-provider.js';
import type { DraftOutcome, DraftProvider, DraftRequest } from '../app/providers/provider.js';

const member = principal(demo.users.user.id, demo.tenant.id, 'user');
const viewer = principal(demo.users.viewer.id, demo.tenant.id, 'viewer');
const outsider = principal('00000000-0000-4000-8000-00000000bbbb', '00000000-0000-4000-8000-00000000aaaa', 'admin');
const INVOICE = 'Invoice approval: a clerk enters the invoice, a manager approves amounts up to 10,000, above that finance signs off too, then it is paid';

interface Generation {
  id: string;
  status: string;
  cached: boolean;
  provider: string;
  specificationXml: string | null;
  issues: { code: string; message: string }[];
  rounds: { round: number; issues: { code: string }[] }[];
  patterns: string[];
  similar: { title: string; source: string; patterns: string[]; score: number }[];
}

const FIELDS = 'id status cached provider specificationXml issues { code message } rounds { round issues { code } } patterns similar { title source patterns score }';

/** A planner whose drafts wait for `open()`, to hold generations at work. */
class GatedPlanner implements DraftProvider {
  readonly name = 'planner';
  private readonly planner = new PlannerProvider();
  private release: (() => void) | undefined;
  private gate = new Promise<void>((resolve) => (this.release = resolve));
  async draft(request: DraftRequest): Promise<DraftOutcome> {
    await this.gate;
    return this.planner.draft(request);
  }
  open(): void {
    this.release?.();
  }
}

describe('generateWorkflow', () => {
  let clock = new Date('2026-03-10T09:00:00Z');
  const gated = new GatedPlanner();
  let h: Harness<Context>;
  let gatedHarness: Harness<Context>;
  beforeAll(async () => {
    h = await startHarness(aiSubgraph(aiOptionsFromEnv({}), { now: () => clock }));
    gatedHarness = await startHarness(aiSubgraph(aiOptionsFromEnv({ AI_MAX_ACTIVE_GENERATIONS: '2' }), { provider: gated }), { seed: false });
  });
  afterAll(async () => {
    gated.open();
    await h.close();
    await gatedHarness.close();
  });

  const generate = async (intent: string, auth: AuthContext = member, hints?: Record<string, string>, harness = h) =>
    harness.run<{ generateWorkflow: Generation }>(`mutation($i: GenerateWorkflowInput!) { generateWorkflow(input: $i) { ${FIELDS} } }`, { i: { intent, ...(hints ? { hints } : {}) } }, auth);

  const settled = async (id: string, auth: AuthContext = member, harness = h): Promise<Generation> => {
    await harness.built.createContext(auth).service.idle();
    const result = await harness.run<{ workflowGeneration: Generation }>(`query($id: ID!) { workflowGeneration(id: $id) { ${FIELDS} } }`, { id }, auth);
    expect(result.errors).toBeUndefined();
    return result.data!.workflowGeneration;
  };

  const updates = async (id: string, auth: AuthContext) => {
    const stream = await subscribe({ schema: h.built.schema, document: parse(`subscription($id: ID!) { workflowGenerationUpdated(id: $id) { status } }`), variableValues: { id }, contextValue: h.built.createContext(auth) });
    return stream as AsyncGenerator<ExecutionResult<{ workflowGenerationUpdated: { status: string } }>> | ExecutionResult;
  };

  it('returns PENDING at once, reports each status on the subscription, and ends SUCCEEDED with XML that verifies', async () => {
    const started = await generate(INVOICE);
    expect(started.errors).toBeUndefined();
    expect(started.data!.generateWorkflow).toMatchObject({ status: 'PENDING', cached: false, provider: 'planner', specificationXml: null });
    const id = started.data!.generateWorkflow.id;
    const stream = await updates(id, member);
    if (!(Symbol.asyncIterator in stream)) throw new Error(`no stream: ${JSON.stringify(stream)}`);
    const seen: string[] = [];
    for await (const event of stream) seen.push(event.data!.workflowGenerationUpdated.status);
    // However late the subscription began (it may see only the end), statuses only move forward, each once, to SUCCEEDED.
    const order = ['PENDING', 'RETRIEVING', 'DRAFTING', 'VERIFYING', 'SUCCEEDED'];
    expect(seen).toEqual(order.filter((status) => seen.includes(status)));
    expect(seen.at(-1)).toBe('SUCCEEDED');
    const done = await settled(id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', issues: [], rounds: [{ round: 1, issues: [] }] });
    expect(done.patterns).toEqual(expect.arrayContaining(['WCP-4 exclusive choice', 'role-based offer']));
    const parsed = parseSpecificationSet(done.specificationXml!);
    if (!parsed.ok) throw new Error('does not parse');
    expect(verifySpecification(parsed.set.specifications[0]!).filter((issue) => issue.severity === 'error')).toEqual([]);
    expect(parsed.set.specifications[0]!.meta.identifier).toBe(`UID_${id}`);
    // ai.workflow.generated went to the outbox with the row.
    const events = await h.deps.database.db.select().from(outbox);
    expect(events.map((row) => [row.topic, row.envelope.type, (row.envelope.data as { generationId: string }).generationId])).toContainEqual(['ai.events', 'ai.workflow.generated', id]);
  });

  it('refuses bad input with BAD_USER_INPUT and writes nothing', async () => {
    const before = (await h.deps.database.db.select().from(workflowGenerations)).length;
    for (const [intent, hints, field] of [
      ['   ', undefined, 'intent'],
      ['x'.repeat(2001), undefined, 'intent'],
      ['Ship the order', { defaultRole: 'Not A Role!' }, 'hints.defaultRole'],
      ['Ship the order', { name: '' }, 'hints.name'],
    ] as const) {
      const result = await generate(intent, member, hints);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await h.deps.database.db.select().from(workflowGenerations)).length).toBe(before);
    expect((await generate('Ship the order', viewer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('fails an intent the planner cannot plan, with the reason', async () => {
    const started = await generate('Every monday the team lead reviews the backlog');
    const done = await settled(started.data!.generateWorkflow.id);
    expect(done.status).toBe('FAILED');
    expect(done.specificationXml).toBeNull();
    expect(done.issues).toEqual([expect.objectContaining({ code: 'INTENT_UNSUPPORTED', message: expect.stringContaining('recurring schedules') })]);
  });

  it('answers the same intent and hints from the cache within 24 hours, and drafts again after, for other hints or another tenant', async () => {
    const intent = 'The author writes the draft, then the editor reviews the draft until it is approved';
    const first = await settled((await generate(intent)).data!.generateWorkflow.id);
    expect(first).toMatchObject({ status: 'SUCCEEDED', cached: false });
    clock = new Date(clock.getTime() + 23 * 3600_000);
    const again = await settled((await generate(`  the AUTHOR writes the draft, then the editor reviews the draft until it is approved.`)).data!.generateWorkflow.id);
    expect(again).toMatchObject({ status: 'SUCCEEDED', cached: true });
    expect(again.specificationXml).toBe(first.specificationXml!.split(`UID_${first.id}`).join(`UID_${again.id}`));
    expect((await settled((await generate(intent, member, { defaultRole: 'editor' })).data!.generateWorkflow.id)).cached).toBe(false);
    expect((await settled((await generate(intent, outsider)).data!.generateWorkflow.id, outsider)).cached).toBe(false);
    clock = new Date(clock.getTime() + 2 * 3600_000);
    expect((await settled((await generate(intent)).data!.generateWorkflow.id)).cached).toBe(false);
  });

  it('lists similar workflows of the tenant only, and gives them to the draft', async () => {
    await settled((await generate('Purchase approval: an employee requests a purchase, a manager approves purchases over 500, then procurement orders it')).data!.generateWorkflow.id);
    const next = await settled((await generate('Expense approval: an employee submits an expense, a manager approves it, then accounting pays it')).data!.generateWorkflow.id);
    expect(next.similar.map((similar) => similar.title)).toContain('Purchase approval');
    expect(next.similar[0]).toMatchObject({ source: 'GENERATED', score: expect.any(Number) });
    const foreign = await settled((await generate('Expense approval: an employee submits an expense, then a manager approves it', outsider)).data!.generateWorkflow.id, outsider);
    expect(foreign.similar.map((similar) => similar.title)).not.toContain('Purchase approval');
  });

  it('keeps generations to their tenant', async () => {
    const id = (await generate('Receive the order, then ship it')).data!.generateWorkflow.id;
    await settled(id);
    const foreign = await h.run(`query($id: ID!) { workflowGeneration(id: $id) { id } }`, { id }, outsider);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const stream = await updates(id, outsider);
    const first = Symbol.asyncIterator in stream ? (await stream.next()).value : stream;
    expect(first?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('fails a generation its instance left unfinished, as INTERRUPTED, once it is 10 minutes stale', async () => {
    const id = '5e000000-0000-4000-8000-000000000001';
    await h.deps.database.db.insert(workflowGenerations).values({ id, tenantId: demo.tenant.id, requestedBy: demo.users.user.id, intent: 'Ship it', status: 'drafting', updatedAt: new Date(clock.getTime() - 11 * 60_000) });
    const fresh = '5e000000-0000-4000-8000-000000000002';
    await h.deps.database.db.insert(workflowGenerations).values({ id: fresh, tenantId: demo.tenant.id, requestedBy: demo.users.user.id, intent: 'Ship it', status: 'drafting', updatedAt: new Date(clock.getTime() - 60_000) });
    expect(await h.built.createContext(member).service.sweepInterrupted()).toBe(1);
    expect(await settled(id)).toMatchObject({ status: 'FAILED', issues: [{ code: 'INTERRUPTED', message: expect.stringContaining('interrupted') }] });
    expect((await settled(fresh)).status).toBe('DRAFTING');
  });

  it('sweeps nothing a long generation timeout still allows, and a swept generation stays INTERRUPTED when its work ends', async () => {
    const slow = new GatedPlanner();
    let now = new Date('2026-03-10T09:00:00Z');
    const long = await startHarness(aiSubgraph(aiOptionsFromEnv({ AI_GENERATION_TIMEOUT_MS: String(30 * 60_000) }), { provider: slow, now: () => now }), { seed: false });
    try {
      const started = await generate('Receive the order, then ship it', member, undefined, long);
      expect(started.errors).toBeUndefined();
      const id = started.data!.generateWorkflow.id;
      const service = long.built.createContext(member).service;
      const status = async () => (await long.run<{ workflowGeneration: { status: string; issues: { code: string }[] } }>(`query($id: ID!) { workflowGeneration(id: $id) { status issues { code } } }`, { id }, member)).data!.workflowGeneration;
      await expect.poll(async () => (await status()).status, { timeout: 30_000 }).toBe('DRAFTING');
      // 20 minutes into a draft that may take 30: still at work.
      now = new Date(now.getTime() + 20 * 60_000);
      expect(await service.sweepInterrupted()).toBe(0);
      // Past its timeout and a minute more: its instance is taken for stopped.
      now = new Date(now.getTime() + 12 * 60_000);
      expect(await service.sweepInterrupted()).toBe(1);
      expect(await status()).toEqual({ status: 'FAILED', issues: [{ code: 'INTERRUPTED' }] });
      // The draft comes back after all: the verdict already given stands.
      slow.open();
      await service.idle();
      expect(await status()).toEqual({ status: 'FAILED', issues: [{ code: 'INTERRUPTED' }] });
    } finally {
      slow.open();
      await long.close();
    }
  });

  it('limits the generations a tenant has at work, with RATE_LIMITED', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const result = await generate(`Receive order ${i}, then ship it`, member, undefined, gatedHarness);
      expect(result.errors).toBeUndefined();
      ids.push(result.data!.generateWorkflow.id);
    }
    const refused = await generate('Receive another order, then ship it', member, undefined, gatedHarness);
    expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // Another tenant is not held back by this one.
    expect((await generate('Receive the order, then ship it', outsider, undefined, gatedHarness)).errors).toBeUndefined();
    gated.open();
    for (const id of ids) expect((await settled(id, member, gatedHarness)).status).toBe('SUCCEEDED');
    expect((await generate('Receive another order, then ship it', member, undefined, gatedHarness)).errors).toBeUndefined();
  });
});
