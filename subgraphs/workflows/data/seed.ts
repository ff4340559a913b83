import { demo } from '@flowgraph/shared';
import type { SpecificationRepository } from './specification-repository.js';

export async function seedWorkflows(repo: SpecificationRepository): Promise<void> {
  const tenantId = demo.tenant.id;
  await repo.insertIfAbsent({
    id: demo.specifications.orderFulfilment,
    tenantId,
    identifier: 'urn:flowgraph:demo:order-fulfilment',
    version: '1.0',
    name: 'Order fulfilment',
    description: 'Ordering, payment, freight in transit and delivery of a customer order.',
    createdBy: demo.users.admin.id,
    createdAt: new Date('2026-01-05T09:00:00Z'),
  });
  await repo.insertIfAbsent({
    id: demo.specifications.concert,
    tenantId,
    identifier: 'urn:flowgraph:demo:organise-concert',
    version: '2.1',
    name: 'Organise concert',
    description: 'Book a venue, sell tickets and run the show.',
    createdBy: demo.users.user.id,
    createdAt: new Date('2026-02-10T14:30:00Z'),
  });
}
