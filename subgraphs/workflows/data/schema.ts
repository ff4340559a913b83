import { index, pgSchema, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { outboxTable } from '@flowgraph/shared/outbox/outbox-table';

export const workflows = pgSchema('workflows');

export const specifications = workflows.table(
  'specifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    identifier: text('identifier').notNull(),
    version: text('version').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('specifications_version_unique').on(table.tenantId, table.identifier, table.version),
    index('specifications_tenant_created_idx').on(table.tenantId, table.createdAt),
    index('specifications_creator_idx').on(table.tenantId, table.createdBy),
  ],
);

export type SpecificationRow = typeof specifications.$inferSelect;
export type NewSpecification = typeof specifications.$inferInsert;

/** Case events waiting for the relay; written in the same transaction as the state they describe. */
export const outbox = outboxTable(workflows);
