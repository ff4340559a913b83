import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { outboxTable } from '@flowgraph/shared/outbox/outbox-table';
import type { CaseState, EngineEvent, WorkItemKind } from '@flowgraph/yawl';
import type { Specification, VerificationIssue } from '@flowgraph/yawl';

export const workflows = pgSchema('workflows');

export const specifications = workflows.table(
  'specifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    /**
     * YAWL's identity of the specification across its versions (metaData/identifier, a "UID_…"),
     * or the uri for specifications without one (YAWL Beta files). With `version`, the key.
     */
    identifier: text('identifier').notNull(),
    version: text('version').notNull(),
    /** The specification's `uri` attribute: a human name, which neither identifies nor versions it. */
    uri: text('uri').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The uploaded YAWL specificationSet, as uploaded. */
    xml: text('xml').notNull().default(''),
    /** The parsed and verified model the engine runs; cases keep the version they started on. */
    model: jsonb('model').$type<Specification>(),
    /** Verification warnings at import (errors refuse the import). */
    warnings: jsonb('warnings').$type<VerificationIssue[]>().notNull().default([]),
  },
  (table) => [
    unique('specifications_version_unique').on(table.tenantId, table.identifier, table.version),
    index('specifications_tenant_created_idx').on(table.tenantId, table.createdAt),
    index('specifications_creator_idx').on(table.tenantId, table.createdBy),
  ],
);

/** A running or finished case: the engine's whole state, and a version for optimistic concurrency. */
export const cases = workflows.table(
  'cases',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id').notNull(),
    specificationId: uuid('specification_id')
      .notNull()
      .references(() => specifications.id),
    status: text('status').$type<CaseState['status']>().notNull(),
    state: jsonb('state').$type<CaseState>().notNull(),
    /** Incremented by every command; a command that read an older version loses. */
    version: integer('version').notNull(),
    startedBy: uuid('started_by').notNull(),
    /** The client's key for `launchCase`, so a retried launch returns the same case. */
    idempotencyKey: text('idempotency_key'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (table) => [
    index('cases_tenant_started_idx').on(table.tenantId, table.startedAt, table.id),
    index('cases_tenant_spec_idx').on(table.tenantId, table.specificationId, table.status),
    unique('cases_idempotency_unique').on(table.tenantId, table.startedBy, table.idempotencyKey),
  ],
);

/** A projection of the live work items, for work queues; the case state stays the source of truth. */
export const workItems = workflows.table(
  'work_items',
  {
    id: text('id').primaryKey(),
    tenantId: uuid('tenant_id').notNull(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    taskId: text('task_id').notNull(),
    taskName: text('task_name'),
    /**
     * The engine's kind of item (`WorkItemKind`): queues hold only `atomic` items and MI
     * `instance`s; composite items and MI parents are the engine's, as in YAWL.
     */
    kind: text('kind').$type<WorkItemKind>().notNull().default('atomic'),
    status: text('status').notNull(),
    offeredRoles: text('offered_roles').array().notNull().default([]),
    offeredParticipants: text('offered_participants').array().notNull().default([]),
    allocatedTo: text('allocated_to'),
    startedBy: text('started_by'),
    enabledAt: timestamp('enabled_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /**
     * When the task's timer fires, while the item is live: the sweeper's schedule. A timer the
     * engine refused is moved later here (timer-sweeper.ts); the case state keeps its real expiry.
     */
    timerExpiresAt: timestamp('timer_expires_at', { withTimezone: true }),
  },
  (table) => [
    index('work_items_tenant_case_idx').on(table.tenantId, table.caseId),
    index('work_items_tenant_status_idx').on(table.tenantId, table.status),
    // Only live timers are indexed: most items have none, and every command rewrites its items' rows.
    index('work_items_timer_idx').on(table.timerExpiresAt).where(sql`${table.timerExpiresAt} is not null`),
  ],
);

/** Every engine event of a case, in order: the history, and what subscriptions replay from. */
export const caseEvents = workflows.table(
  'case_events',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    sequence: bigint('sequence', { mode: 'number' }).notNull(),
    tenantId: uuid('tenant_id').notNull(),
    type: text('type').notNull(),
    event: jsonb('event').$type<EngineEvent>().notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    /**
     * The event's place in its tenant's stream: 1, 2, 3… without gaps, in an order that keeps
     * each case's sequence. Null until the sequencer (case-event-sequencer.ts) assigns it after
     * commit; the relay publishes only sequenced events, so a tenant-wide subscription can
     * resume from a position exactly.
     */
    position: bigint('position', { mode: 'number' }),
  },
  (table) => [
    primaryKey({ columns: [table.caseId, table.sequence] }),
    index('case_events_tenant_idx').on(table.tenantId, table.occurredAt),
    uniqueIndex('case_events_tenant_position_idx').on(table.tenantId, table.position),
    // Events not numbered yet: only just committed, or left by an older release (see sequenceStragglers).
    index('case_events_unnumbered_idx').on(table.occurredAt).where(sql`${table.position} is null`),
  ],
);

/** The last position handed out in each tenant's event stream; the sequencer's counter. */
export const tenantEventPositions = workflows.table('tenant_event_positions', {
  tenantId: uuid('tenant_id').primaryKey(),
  position: bigint('position', { mode: 'number' }).notNull(),
});

/**
 * A specification as listed and resolved: everything but the model, which only running a case
 * needs and which the catalog caches (it is the largest column by far).
 */
export type SpecificationRow = Omit<typeof specifications.$inferSelect, 'model'> & { hasModel: boolean };
export type CaseRow = typeof cases.$inferSelect;
export type WorkItemRow = typeof workItems.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;
export type NewSpecification = typeof specifications.$inferInsert;

/** Case events waiting for the relay; written in the same transaction as the state they describe. */
export const outbox = outboxTable(workflows);
