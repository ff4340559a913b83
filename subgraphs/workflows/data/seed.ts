import { demo } from '@flowgraph/shared';
import { SPECIFICATION_EVENTS_TOPIC } from '@flowgraph/shared/events/knowledge-events';
import { parseSpecificationSet, verifySpecification, type Specification } from '@flowgraph/yawl';
import { CONCERT_XML, ORDER_FULFILMENT_XML } from './demo-specifications.js';
import { specificationIdentity } from '../domain/specification-identity.js';
import type { NewSpecification } from './schema.js';
import { specificationImportedEvent } from './specification-events.js';
import type { SpecificationRepository } from './specification-repository.js';

/** The single specification in `xml`, parsed and verified like an upload; throws when it is not. */
export function verifiedSpecification(xml: string): Specification {
  const parsed = parseSpecificationSet(xml);
  if (!parsed.ok) throw new Error(`specification does not parse: ${JSON.stringify(parsed.issues)}`);
  const spec = parsed.set.specifications[0]!;
  const errors = verifySpecification(spec).filter((issue) => issue.severity === 'error');
  if (errors.length) throw new Error(`specification does not verify: ${JSON.stringify(errors)}`);
  return spec;
}

/** Stores a demo specification once, announced as an import is (so the ai subgraph's knowledge base has it too). */
async function seedOne(repo: SpecificationRepository, row: NewSpecification & { model: Specification }): Promise<void> {
  await repo.transaction(row.tenantId, async (tx) => {
    const inserted = await tx.insertIfAbsent(row);
    if (inserted) await tx.enqueue(SPECIFICATION_EVENTS_TOPIC, [specificationImportedEvent(inserted, row.model)]);
  });
}

export async function seedWorkflows(repo: SpecificationRepository): Promise<void> {
  const tenantId = demo.tenant.id;
  const orders = verifiedSpecification(ORDER_FULFILMENT_XML);
  await seedOne(repo, {
    id: demo.specifications.orderFulfilment,
    tenantId,
    ...specificationIdentity(orders),
    name: 'Order fulfilment',
    description: 'Ordering, payment, freight in transit and delivery of a customer order.',
    createdBy: demo.users.admin.id,
    createdAt: new Date('2026-01-05T09:00:00Z'),
    xml: ORDER_FULFILMENT_XML,
    model: orders,
  });
  const concert = verifiedSpecification(CONCERT_XML);
  await seedOne(repo, {
    id: demo.specifications.concert,
    tenantId,
    ...specificationIdentity(concert),
    name: 'Organise concert',
    description: 'Book a venue, sell tickets and run the show.',
    createdBy: demo.users.user.id,
    createdAt: new Date('2026-02-10T14:30:00Z'),
    xml: CONCERT_XML,
    model: concert,
  });
}
