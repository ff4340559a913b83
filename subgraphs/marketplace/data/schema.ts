import { sql } from 'drizzle-orm';
import { index, jsonb, pgSchema, timestamp, uuid } from 'drizzle-orm/pg-core';

export const marketplace = pgSchema('marketplace');

/**
 * One row per template: the catalog entry lives as a JSON document so the store matches
 * a document database's shape; only what every query filters on is a real column.
 */
export const templates = marketplace.table(
  'templates',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id').notNull(),
    // `unknown` on purpose: whatever JSONB holds is validated on the way out, never assumed.
    document: jsonb('document').$type<unknown>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('templates_tenant_idx').on(table.tenantId),
    index('templates_category_idx').on(sql`(${table.document} ->> 'category')`),
  ],
);

export type TemplateRow = typeof templates.$inferSelect;
