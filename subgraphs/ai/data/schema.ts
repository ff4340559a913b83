import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { outboxTable } from '@flowgraph/shared';

export const ai = pgSchema('ai');

export const generationStatus = ai.enum('generation_status', ['pending', 'retrieving', 'drafting', 'verifying', 'repairing', 'succeeded', 'failed']);

export type GenerationState = (typeof generationStatus.enumValues)[number];

export interface StoredIssue {
  severity: 'error' | 'warning';
  elementId: string;
  code: string;
  message: string;
}

export interface StoredSimilar {
  id: string;
  title: string;
  intent: string;
  /** GENERATED, TENANT_SPECIFICATION or MARKETPLACE_TEMPLATE. */
  source: string;
  patterns: string[];
  score: number;
  successRate: number | null;
}

export interface StoredHints {
  name?: string;
  defaultRole?: string;
}

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
    hints: jsonb('hints').$type<StoredHints>().notNull().default({}),
    issues: jsonb('issues').$type<StoredIssue[]>().notNull().default([]),
    rounds: jsonb('rounds').$type<StoredIssue[][]>().notNull().default([]),
    similar: jsonb('similar').$type<StoredSimilar[]>().notNull().default([]),
    patterns: jsonb('patterns').$type<string[]>().notNull().default([]),
    cached: boolean('cached').notNull().default(false),
    provider: text('provider').notNull().default('planner'),
    /** The normalised intent and hints, hashed: what the 24-hour cache is keyed by. */
    cacheKey: text('cache_key'),
    importStatus: text('import_status').$type<'none' | 'requested' | 'imported' | 'failed'>().notNull().default('none'),
    importError: text('import_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('generations_tenant_created_idx').on(table.tenantId, table.createdAt),
    index('generations_requester_idx').on(table.tenantId, table.requestedBy),
    index('generations_specification_idx').on(table.tenantId, table.specificationId),
  ],
);

export type GenerationRow = typeof workflowGenerations.$inferSelect;
export type NewGeneration = typeof workflowGenerations.$inferInsert;

/** ai.workflow.generated and ai.workflow.import-requested go out through this outbox. */
export const outbox = outboxTable(ai);

/** Where a workflow of the knowledge base came from. */
export type KnowledgeSource = 'generated' | 'tenant_specification' | 'marketplace_template';

/**
 * The knowledge base similar workflows are retrieved from: this subgraph's own successful
 * generations, the tenant's specifications (from workflows' events) and marketplace templates
 * (from marketplace's events), never another subgraph's tables. A row belongs to one tenant;
 * `everyone` rows (published public templates) are read by every tenant too (migration 0004's
 * policy). Rows fed by events keep the newest `revision` seen, and a withdrawn one stays as a
 * tombstone so a late redelivery of an older event cannot bring it back. Feedback counts feed the ranking.
 */
export const knowledgeWorkflows = ai.table(
  'knowledge_workflows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    source: text('source').$type<KnowledgeSource>().notNull(),
    /** The generation's id, the specification's identifier or the template's id: unique per tenant and source. */
    sourceId: text('source_id').notNull(),
    title: text('title').notNull(),
    intent: text('intent').notNull(),
    /** Task names, space-separated, for the text search. */
    tasks: text('tasks').notNull().default(''),
    patterns: jsonb('patterns').$type<string[]>().notNull().default([]),
    visibility: text('visibility').$type<'tenant' | 'everyone'>().notNull().default('tenant'),
    revision: bigint('revision', { mode: 'number' }).notNull().default(0),
    withdrawn: boolean('withdrawn').notNull().default(false),
    generationId: uuid('generation_id'),
    positive: integer('positive').notNull().default(0),
    negative: integer('negative').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('knowledge_tenant_idx').on(table.tenantId),
    uniqueIndex('knowledge_source_idx').on(table.tenantId, table.source, table.sourceId),
    index('knowledge_everyone_idx').on(table.visibility).where(sql`${table.visibility} = 'everyone'`),
    index('knowledge_search_idx').using('gin', sql`to_tsvector('english', ${table.title} || ' ' || ${table.intent} || ' ' || ${table.tasks})`),
  ],
);

export type KnowledgeRow = typeof knowledgeWorkflows.$inferSelect;

/** How workflows using a pattern fared, per tenant. */
export const patternStats = ai.table(
  'pattern_stats',
  {
    tenantId: uuid('tenant_id').notNull(),
    pattern: text('pattern').notNull(),
    positive: integer('positive').notNull().default(0),
    negative: integer('negative').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.pattern] })],
);

export const feedbackAction = ai.enum('feedback_action', ['deployed', 'edited', 'rejected']);

export const workflowFeedback = ai.table(
  'workflow_feedback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    generationId: uuid('generation_id').notNull(),
    action: feedbackAction('action').notNull(),
    comment: text('comment'),
    /** A person's id, or null for an implicit signal (a case launched from the imported specification). */
    givenBy: uuid('given_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('feedback_generation_idx').on(table.tenantId, table.generationId)],
);

export type FeedbackRow = typeof workflowFeedback.$inferSelect;
