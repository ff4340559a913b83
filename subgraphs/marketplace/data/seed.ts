import { demo, type Db } from '@flowgraph/shared';
import { templateStats } from './schema.js';
import type { NewTemplate, TemplateStore } from './template-store.js';

/** A private template of the demo tenant, so the demo shows both sides of visibility. */
export const DEMO_PRIVATE_TEMPLATE_ID = '00000000-0000-4000-8000-000000000303';

export const demoTemplates: readonly NewTemplate[] = [
  {
    id: demo.templates.orderFulfilment,
    tenantId: demo.tenant.id,
    name: 'Order fulfilment',
    description: 'Receive an order, check stock, pick, pack and ship, with a cancellation path when stock runs out.',
    category: 'Operations',
    tags: ['e-commerce', 'logistics', 'orders'],
    priceCents: 0,
    currency: 'EUR',
    visibility: 'public',
    creatorId: demo.users.admin.id,
    specificationId: demo.specifications.orderFulfilment,
    createdAt: new Date('2026-01-05T09:00:00.000Z'),
  },
  {
    id: demo.templates.concert,
    tenantId: demo.tenant.id,
    name: 'Concert booking',
    description: 'Book a venue, confirm the artists, sell tickets and settle accounts after the show.',
    category: 'Events',
    tags: ['events', 'ticketing', 'music'],
    priceCents: 4900,
    currency: 'EUR',
    visibility: 'public',
    creatorId: demo.users.user.id,
    specificationId: demo.specifications.concert,
    createdAt: new Date('2026-01-12T14:30:00.000Z'),
  },
  {
    id: DEMO_PRIVATE_TEMPLATE_ID,
    tenantId: demo.tenant.id,
    name: 'Internal expense approval',
    description: 'The demo tenant’s own approval chain for expenses; not listed for other tenants.',
    category: 'Finance',
    tags: ['approvals', 'internal'],
    priceCents: 0,
    currency: 'EUR',
    visibility: 'private',
    creatorId: demo.users.admin.id,
    specificationId: null,
    createdAt: new Date('2026-01-20T08:15:00.000Z'),
  },
];

/** Idempotent: templates with the demo ids are left as they are. */
/** `db` holds the counters; without it (a catalog-only test) only the catalog is seeded. */
export async function seedMarketplace(store: TemplateStore, db?: Db): Promise<void> {
  for (const template of demoTemplates) {
    await db?.insert(templateStats).values({ templateId: template.id }).onConflictDoNothing();
    await store.insert(template);
  }
}
