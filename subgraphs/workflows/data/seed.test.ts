import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { SPECIFICATION_EVENTS_TOPIC } from '@flowgraph/shared/events/knowledge-events';
import { startHarness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { workflowsSubgraph } from '../index.js';
import { outbox } from './schema.js';
import { seedWorkflows } from './seed.js';

it('announces the demo specifications it seeds, once, as an import would', async () => {
  const h = await startHarness<Context>(workflowsSubgraph(), { seed: true });
  try {
    const announced = async () => (await h.deps.database.db.select().from(outbox).where(eq(outbox.topic, SPECIFICATION_EVENTS_TOPIC))).map((row) => row.envelope);
    expect(await announced()).toEqual([
      expect.objectContaining({ type: 'workflows.specification.imported', tenantId: demo.tenant.id, data: expect.objectContaining({ specificationId: demo.specifications.orderFulfilment, name: 'Order fulfilment', taskNames: expect.arrayContaining(['Receive order']) }) }),
      expect.objectContaining({ type: 'workflows.specification.imported', tenantId: demo.tenant.id, data: expect.objectContaining({ specificationId: demo.specifications.concert, name: 'Organise concert' }) }),
    ]);
    await seedWorkflows(h.built.createContext({ kind: 'anonymous' }).specifications);
    expect(await announced()).toHaveLength(2);
  } finally {
    await h.close();
  }
});
