import { index, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const ai = pgSchema('ai');

export const generationStatus = ai.enum('generation_status', ['pending', 'succeeded', 'failed']);

export const workflowGenerations = ai.table(
  'workflow_generations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    requestedBy: uuid('requested_by').notNull(),
    intent: text('intent').notNull(),
    status: generationStatus('status').notNull(),
    specificationXml: text('specification_xml'),
    problems: jsonb('problems').$type<string[]>().notNull().default([]),
    specificationId: uuid('specification_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('generations_tenant_created_idx').on(table.tenantId, table.createdAt), index('generations_requester_idx').on(table.tenantId, table.requestedBy)],
);

export type GenerationRow = typeof workflowGenerations.$inferSelect;
export type NewGeneration = typeof workflowGenerations.$inferInsert;
