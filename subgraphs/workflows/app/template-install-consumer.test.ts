import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCache, MemoryEventBus, createEnvelope, createLogger, type EventEnvelope } from '@flowgraph/shared';
import { INSTALL_RESULTS_TOPIC, type InstallRequestData, type InstallResultData } from '@flowgraph/shared/events/template-install-events';
import { atomicXml, simpleNet, specXml, taskXml } from '@flowgraph/yawl/testing/fixtures';
import { startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { specifications } from '../data/schema.js';
import { SpecificationRepository } from '../data/specification-repository.js';
import { workflowsSubgraph } from '../index.js';
import { SpecificationCatalog } from './specification-import.js';
import { TemplateInstallConsumer } from './template-install-consumer.js';

/** Records what the consumer answers. */
class AnswerLog extends MemoryEventBus {
  readonly answers: EventEnvelope[] = [];
  override async publish(topic: string, events: readonly EventEnvelope[]): Promise<void> {
    if (topic === INSTALL_RESULTS_TOPIC) this.answers.push(...events);
    await super.publish(topic, events);
  }
}

/** A one-task specification, as a template's snapshot would hold. */
const oneTaskSpecificationXml = (uri: string): string =>
  specXml(simpleNet('Net', 'Review', taskXml('Review', ['Net_o'], { decomposesTo: 'ReviewWork' })) + atomicXml('ReviewWork')).replace('uri="Test"', `uri="${uri.replace(/ /g, '')}"`);

/** <join> and <split> swapped: the schema refuses it, so workflows' import does. */
const outOfOrder = (xml: string) => xml.replace('<join code="xor"/><split code="and"/>', '<split code="and"/><join code="xor"/>');

describe('template install consumer', () => {
  let h: Harness<Context>;
  let catalog: SpecificationCatalog;
  const logger = createLogger('workflows', 'silent');
  beforeAll(async () => {
    h = await startHarness(workflowsSubgraph(), { seed: false });
    const db = h.deps.database.db;
    catalog = new SpecificationCatalog(db, new SpecificationRepository(db), new MemoryCache(), logger);
  });
  afterAll(() => h?.close());

  const request = (xml: string, tenantId = randomUUID()): EventEnvelope =>
    createEnvelope<InstallRequestData>({
      type: 'marketplace.template.install-requested',
      source: 'marketplace',
      tenantId,
      key: tenantId,
      data: { installationId: randomUUID(), templateId: randomUUID(), version: 1, tenantId, userId: randomUUID(), xml },
    });
  const consumer = (bus: AnswerLog, over: SpecificationCatalog = catalog) => new TemplateInstallConsumer(over, bus, logger);
  const answer = (event: EventEnvelope) => ({ type: event.type, ...(event.data as InstallResultData) });

  it('answers a refused import with install-failed and its reason, once, instead of throwing for the bus to retry', async () => {
    const bus = new AnswerLog();
    const event = request(outOfOrder(oneTaskSpecificationXml('Refused')));
    await expect(consumer(bus).handle(event)).resolves.toBeUndefined();
    const data = event.data as InstallRequestData;
    expect(bus.answers.map(answer)).toEqual([
      { type: 'workflows.template.install-failed', installationId: data.installationId, tenantId: data.tenantId, error: expect.stringMatching(/1 error\(s\).*split.*This element is not expected/) },
    ]);
    expect(await h.deps.database.db.select().from(specifications).where(eq(specifications.tenantId, data.tenantId))).toEqual([]);
  });

  it('gives the same specification when the same request is delivered again', async () => {
    const bus = new AnswerLog();
    const event = request(oneTaskSpecificationXml('Delivered Twice'));
    await consumer(bus).handle(event);
    await consumer(bus).handle(event);
    const [first, second] = bus.answers.map(answer);
    expect(first).toMatchObject({ type: 'workflows.template.installed', specificationId: expect.any(String) });
    expect(second).toEqual(first);
  });

  it('answers with the specification the tenant already has of that identifier and version', async () => {
    const tenantId = randomUUID();
    const xml = oneTaskSpecificationXml('Already Here');
    const { rows } = await catalog.importSet(tenantId, randomUUID(), xml);
    const bus = new AnswerLog();
    await consumer(bus).handle(request(xml, tenantId));
    expect(bus.answers.map(answer)).toEqual([expect.objectContaining({ type: 'workflows.template.installed', specificationId: rows[0]!.id })]);
  });

  it('resolves the Conflict of a delivery that lost the race to another to the specification the other made', async () => {
    const tenantId = randomUUID();
    const xml = oneTaskSpecificationXml('Raced');
    // Another delivery imports between this one's lookup and its import, which then meets the unique version.
    const racing = Object.create(catalog) as SpecificationCatalog;
    let winner: string | undefined;
    racing.importSet = async (tenant, user, body) => {
      winner = (await catalog.importSet(tenant, user, body)).rows[0]!.id;
      return catalog.importSet(tenant, user, body);
    };
    const bus = new AnswerLog();
    await consumer(bus, racing).handle(request(xml, tenantId));
    expect(winner).toBeDefined();
    expect(bus.answers.map(answer)).toEqual([expect.objectContaining({ type: 'workflows.template.installed', specificationId: winner })]);
  });

  it('leaves anything that is no refusal to the bus to retry, answering nothing', async () => {
    const bus = new AnswerLog();
    const broken = Object.create(catalog) as SpecificationCatalog;
    broken.importSet = () => Promise.reject(new Error('connection reset'));
    await expect(consumer(bus, broken).handle(request(oneTaskSpecificationXml('Outage')))).rejects.toThrow('connection reset');
    expect(bus.answers).toEqual([]);
  });
});
