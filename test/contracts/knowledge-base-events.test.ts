/**
 * The ai subgraph's knowledge base, fed by what workflows and marketplace announce through their
 * outboxes (never by reading their tables): three subgraphs on real Postgres, talking over one
 * in-process bus as under `npm start`.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryEventBus, createEnvelope, openDatabase, type AuthContext, type EventEnvelope } from '@flowgraph/shared';
import { SPECIFICATION_EVENTS_TOPIC, TEMPLATE_EVENTS_TOPIC, type TemplateChangedData } from '@flowgraph/shared/events/knowledge-events';
import { aiOptionsFromEnv, aiSubgraph } from '@flowgraph/ai';
import { marketplaceSubgraph } from '@flowgraph/marketplace';
import { workflowsSubgraph } from '@flowgraph/workflows';
import type { Context as AiContext } from '../../subgraphs/ai/context.js';
import type { Context as MarketplaceContext } from '../../subgraphs/marketplace/context.js';
import type { Context as WorkflowsContext } from '../../subgraphs/workflows/context.js';
import { PlannerProvider } from '../../subgraphs/ai/app/providers/planner-provider.js';
import { knowledgeWorkflows } from '../../subgraphs/ai/data/schema.js';
import { withIdentifier } from '../../subgraphs/ai/domain/specification-check.js';
import { outbox as marketplaceOutbox } from '../../subgraphs/marketplace/data/schema.js';
import { outbox as workflowsOutbox } from '../../subgraphs/workflows/data/schema.js';
import { scratchPostgres, type DisposableDatabase } from '../support/databases.js';
import { principal, startHarness, type Harness } from '../support/subgraph-harness.js';

const tenantA = principal(randomUUID(), randomUUID(), 'user');
const tenantB = principal(randomUUID(), randomUUID(), 'user');
const publisher = principal(randomUUID(), randomUUID(), 'user');

const EXPENSES = 'Expense reimbursement: an employee submits the expense claim, then a manager approves the expense claim, then finance reimburses the employee';
const VENDORS = 'Vendor onboarding: procurement collects the vendor documents, then compliance verifies the vendor documents, then finance registers the vendor';

/** A verified specification written by the planner, with the identifier given. */
async function specificationXml(intent: string, identifier: string): Promise<string> {
  const outcome = await new PlannerProvider().draft({ intent, hints: {}, identifier, similar: [], signal: new AbortController().signal });
  if (!outcome.ok) throw new Error(outcome.issue.message);
  return withIdentifier(outcome.xml, identifier);
}

interface Similar {
  title: string;
  kind: string;
  source: string;
  patterns: string[];
}

describe('the knowledge base, fed by workflows and marketplace events', { timeout: 120_000 }, () => {
  const bus = new MemoryEventBus();
  const scratch: DisposableDatabase[] = [];
  let ai: Harness<AiContext>;
  let workflows: Harness<WorkflowsContext>;
  let marketplace: Harness<MarketplaceContext>;
  let intentCount = 0;

  const harnessDatabase = async () => {
    const db = await scratchPostgres();
    scratch.push(db);
    return openDatabase({ url: db.url });
  };

  beforeAll(async () => {
    ai = await startHarness(aiSubgraph(aiOptionsFromEnv({})), { seed: false, events: bus, database: await harnessDatabase() });
    workflows = await startHarness(workflowsSubgraph(), { seed: false, events: bus, database: await harnessDatabase() });
    marketplace = await startHarness(marketplaceSubgraph(), { seed: false, events: bus, database: await harnessDatabase() });
  }, 120_000);
  afterAll(async () => {
    await Promise.all([ai, workflows, marketplace].map((h) => h?.close()));
    await Promise.all(scratch.map((db) => db.dispose()));
    await bus.close();
  });

  /** What a generation of `auth` for `intent` lists as similar; each call words the intent anew, so no cached answer is given. */
  const similarFor = async (auth: AuthContext, intent: string): Promise<Similar[]> => {
    const started = await ai.run<{ generateWorkflow: { id: string } }>(`mutation($i: GenerateWorkflowInput!) { generateWorkflow(input: $i) { id } }`, { i: { intent: `${intent}, case ${++intentCount}` } }, auth);
    expect(started.errors).toBeUndefined();
    await ai.built.createContext(auth).service.idle();
    const read = await ai.run<{ workflowGeneration: { status: string; similar: Similar[] } }>(
      `query($id: ID!) { workflowGeneration(id: $id) { status similar { title kind source patterns } } }`,
      { id: started.data!.generateWorkflow.id },
      auth,
    );
    expect(read.data!.workflowGeneration.status).toBe('SUCCEEDED');
    return read.data!.workflowGeneration.similar;
  };
  const kinds = (similar: Similar[], kind: string) => similar.filter((match) => match.kind === kind).map((match) => match.title);
  const knowledgeRow = (tenantId: string, sourceId: string) =>
    ai.deps.database.db
      .select()
      .from(knowledgeWorkflows)
      .where(and(eq(knowledgeWorkflows.tenantId, tenantId), eq(knowledgeWorkflows.sourceId, sourceId)))
      .then((rows) => rows[0]);

  it('lists a specification tenant A imported through workflows in A’s similar workflows, never in B’s', async () => {
    const xml = await specificationXml(EXPENSES, 'expense_reimbursement');
    const imported = await workflows.run<{ importSpecification: { specifications: { id: string }[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, { x: xml }, tenantA);
    expect(imported.errors).toBeUndefined();
    // Written with the specification, in its transaction: the summary and the patterns, no XML.
    const [announced] = await workflows.deps.database.db.select().from(workflowsOutbox).where(eq(workflowsOutbox.topic, SPECIFICATION_EVENTS_TOPIC));
    expect(announced?.envelope).toMatchObject({
      type: 'workflows.specification.imported',
      tenantId: tenantA.tenantId,
      data: { specificationId: imported.data!.importSpecification.specifications[0]!.id, identifier: 'expense_reimbursement', name: 'Expense reimbursement', taskNames: expect.arrayContaining([expect.stringMatching(/expense claim/i)]), patterns: expect.arrayContaining(['WCP-1 sequence']) },
    });
    expect(JSON.stringify(announced?.envelope)).not.toContain('<specificationSet');
    await expect.poll(() => knowledgeRow(tenantA.tenantId, 'expense_reimbursement'), { timeout: 30_000 }).toBeDefined();

    const forA = await similarFor(tenantA, 'Expense claims: an employee submits the expense claim, then a manager approves the expense claim');
    expect(forA).toContainEqual(expect.objectContaining({ title: 'Expense reimbursement', kind: 'TENANT_SPECIFICATION', source: 'TENANT_SPECIFICATION', patterns: expect.arrayContaining(['WCP-1 sequence']) }));
    const forB = await similarFor(tenantB, 'Expense claims: an employee submits the expense claim, then a manager approves the expense claim');
    expect(kinds(forB, 'TENANT_SPECIFICATION')).toEqual([]);
    expect(forB.map((match) => match.title)).not.toContain('Expense reimbursement');
  });

  it('lists a published public template for every tenant, a private one for its publisher only, and none once unpublished', async () => {
    const xml = await specificationXml(VENDORS, 'vendor_onboarding');
    const publish = (name: string, visibility: 'PUBLIC' | 'PRIVATE') =>
      marketplace.run<{ publishTemplate: { id: string } }>(
        `mutation($i: PublishTemplateInput!) { publishTemplate(input: $i) { id } }`,
        { i: { specificationId: randomUUID(), specificationXml: xml, name, description: 'Onboards a vendor: documents collected and verified, then registered.', category: 'Procurement', priceCents: 0, currency: 'EUR', visibility } },
        publisher,
      );
    const published = await publish('Vendor onboarding kit', 'PUBLIC');
    expect(published.errors).toBeUndefined();
    const templateId = published.data!.publishTemplate.id;
    const secret = (await publish('Vendor onboarding internal', 'PRIVATE')).data!.publishTemplate.id;
    await expect.poll(async () => (await knowledgeRow(publisher.tenantId, templateId))?.visibility, { timeout: 30_000 }).toBe('everyone');
    await expect.poll(async () => (await knowledgeRow(publisher.tenantId, secret))?.visibility, { timeout: 30_000 }).toBe('tenant');

    const intent = 'Vendors: procurement collects the vendor documents, then compliance verifies the vendor documents';
    for (const tenant of [tenantA, tenantB]) {
      const similar = await similarFor(tenant, intent);
      expect(kinds(similar, 'MARKETPLACE_TEMPLATE')).toEqual(['Vendor onboarding kit']);
    }
    expect(kinds(await similarFor(publisher, intent), 'MARKETPLACE_TEMPLATE').sort()).toEqual(['Vendor onboarding internal', 'Vendor onboarding kit']);

    // An edit reaches the knowledge base with the snapshot's tasks and patterns still there.
    const renamed = await marketplace.run(`mutation($id: ID!) { updateTemplate(id: $id, input: { name: "Vendor onboarding toolkit" }) { id } }`, { id: templateId }, publisher);
    expect(renamed.errors).toBeUndefined();
    await expect.poll(async () => (await knowledgeRow(publisher.tenantId, templateId))?.title, { timeout: 30_000 }).toBe('Vendor onboarding toolkit');
    expect((await knowledgeRow(publisher.tenantId, templateId))?.tasks).toMatch(/vendor documents/i);
    expect(kinds(await similarFor(tenantB, intent), 'MARKETPLACE_TEMPLATE')).toEqual(['Vendor onboarding toolkit']);

    const unpublished = await marketplace.run(`mutation($id: ID!) { unpublishTemplate(id: $id) { id } }`, { id: templateId }, publisher);
    expect(unpublished.errors).toBeUndefined();
    await expect.poll(async () => (await knowledgeRow(publisher.tenantId, templateId))?.withdrawn, { timeout: 30_000 }).toBe(true);
    for (const tenant of [tenantA, tenantB]) expect(kinds(await similarFor(tenant, intent), 'MARKETPLACE_TEMPLATE')).toEqual([]);
    expect(kinds(await similarFor(publisher, intent), 'MARKETPLACE_TEMPLATE')).toEqual(['Vendor onboarding internal']);

    // Every announcement went out through the marketplace outbox, keyed by template.
    const events = await marketplace.deps.database.db.select().from(marketplaceOutbox).where(eq(marketplaceOutbox.key, templateId));
    expect(events.map((row) => row.envelope.type)).toEqual(['marketplace.template.published', 'marketplace.template.updated', 'marketplace.template.unpublished']);
  });

  it('keeps the newest state when events are redelivered or arrive out of order', async () => {
    const templateId = randomUUID();
    const event = (type: string, revision: number, fields: Partial<TemplateChangedData>): EventEnvelope =>
      createEnvelope({
        type,
        source: 'marketplace',
        tenantId: publisher.tenantId,
        key: templateId,
        data: { templateId, name: 'Warehouse picking', description: 'Pick, pack and ship an order from the warehouse.', taskNames: ['Pick order', 'Pack order'], patterns: ['WCP-1 sequence'], visibility: 'public', status: 'published', revision, ...fields },
      });
    const published = event('marketplace.template.published', 1000, {});
    const renamed = event('marketplace.template.updated', 3000, { name: 'Warehouse picking and packing' });
    const stale = event('marketplace.template.updated', 2000, { name: 'Warehouse picking (old)' });
    await bus.publish(TEMPLATE_EVENTS_TOPIC, [published, renamed, stale, published]);
    await expect.poll(async () => (await knowledgeRow(publisher.tenantId, templateId))?.revision, { timeout: 30_000 }).toBe(3000);
    const intent = 'Warehouse: a picker picks the order, then a packer packs the order';
    expect(kinds(await similarFor(tenantA, intent), 'MARKETPLACE_TEMPLATE')).toEqual(['Warehouse picking and packing']);

    const withdrawn = event('marketplace.template.unpublished', 4000, { status: 'unpublished' });
    await bus.publish(TEMPLATE_EVENTS_TOPIC, [withdrawn, renamed, published]);
    // The late copies of older events were applied after the withdrawal (the bus keeps a key's order): it stays withdrawn.
    await expect.poll(async () => (await knowledgeRow(publisher.tenantId, templateId))?.withdrawn, { timeout: 30_000 }).toBe(true);
    expect((await knowledgeRow(publisher.tenantId, templateId))?.revision).toBe(4000);
    expect(kinds(await similarFor(tenantA, intent), 'MARKETPLACE_TEMPLATE')).toEqual([]);
  });

  it('bounds what an event may put into the knowledge base, and ignores one without a revision', async () => {
    const templateId = randomUUID();
    const data = { templateId, name: 'x'.repeat(10_000), description: 'd'.repeat(100_000), taskNames: Array.from({ length: 1000 }, (_, i) => `Task ${i} ${'y'.repeat(500)}`), patterns: ['WCP-1 sequence'], visibility: 'public', status: 'published', revision: 5 };
    const noRevision = randomUUID();
    await bus.publish(TEMPLATE_EVENTS_TOPIC, [
      createEnvelope({ type: 'marketplace.template.published', source: 'marketplace', tenantId: publisher.tenantId, key: noRevision, data: { ...data, templateId: noRevision, revision: 'soon' } }),
      createEnvelope({ type: 'marketplace.template.published', source: 'marketplace', tenantId: publisher.tenantId, key: templateId, data }),
    ]);
    await expect.poll(() => knowledgeRow(publisher.tenantId, templateId), { timeout: 30_000 }).toBeDefined();
    const row = (await knowledgeRow(publisher.tenantId, templateId))!;
    expect(row.title).toHaveLength(200);
    expect(row.intent).toHaveLength(2000);
    expect(row.tasks.split('Task ').length - 1).toBe(50);
    expect(await knowledgeRow(publisher.tenantId, noRevision)).toBeUndefined();
  });

  it('does not list a generation twice once it is imported as a specification', async () => {
    await similarFor(tenantA, 'Parcel return: the customer requests the return, then the warehouse inspects the parcel');
    const [generation] = await ai.built.createContext(tenantA).generations.list(tenantA.tenantId, 1);
    const identifier = `UID_${generation!.id}`;
    const key = randomUUID();
    await bus.publish(SPECIFICATION_EVENTS_TOPIC, [
      createEnvelope({ type: 'workflows.specification.imported', source: 'workflows', tenantId: tenantA.tenantId, key, data: { specificationId: randomUUID(), identifier, version: '0.1', revision: 1, name: 'Parcel return', description: '', taskNames: ['Request return'], patterns: [] } }),
      createEnvelope({ type: 'workflows.specification.imported', source: 'workflows', tenantId: tenantA.tenantId, key, data: { specificationId: randomUUID(), identifier: 'parcel_marker', version: '0.1', revision: 1, name: 'Marker', description: '', taskNames: [], patterns: [] } }),
    ]);
    // The marker comes after, with the same key: once it is here, the generation's event was handled.
    await expect.poll(() => knowledgeRow(tenantA.tenantId, 'parcel_marker'), { timeout: 30_000 }).toBeDefined();
    expect(await knowledgeRow(tenantA.tenantId, identifier)).toBeUndefined();
    expect((await knowledgeRow(tenantA.tenantId, generation!.id))?.source).toBe('generated');
  });
});
