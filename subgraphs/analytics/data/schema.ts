import { doublePrecision, index, integer, pgSchema, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';

export const analytics = pgSchema('analytics');

/** Running totals per specification, updated by the case-event consumer (domain/case-metrics.ts). */
export const specificationMetrics = analytics.table(
  'specification_metrics',
  {
    tenantId: uuid('tenant_id').notNull(),
    specificationId: uuid('specification_id').notNull(),
    casesStarted: integer('cases_started').notNull().default(0),
    casesCompleted: integer('cases_completed').notNull().default(0),
    casesCancelled: integer('cases_cancelled').notNull().default(0),
    totalCycleSeconds: doublePrecision('total_cycle_seconds').notNull().default(0),
    // Completions whose start was seen; the mean cycle time divides by these, not by all completions.
    timedCompletions: integer('timed_completions').notNull().default(0),
    lastEventAt: timestamp('last_event_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.specificationId] }),
    index('specification_metrics_busiest_idx').on(table.tenantId, table.casesStarted.desc()),
  ],
);

/** Cases seen starting, kept after they end so a repeated start or end is recognised. */
export const caseStarts = analytics.table(
  'case_starts',
  {
    tenantId: uuid('tenant_id').notNull(),
    caseId: uuid('case_id').notNull(),
    specificationId: uuid('specification_id').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.caseId] })],
);

/** Ids of consumed events: delivery is at-least-once, so a redelivered id must change nothing. */
export const processedEvents = analytics.table('processed_events', {
  eventId: uuid('event_id').primaryKey(),
  processedAt: timestamp('processed_at', { withTimezone: true })
    .notNull()
    .defaultNow(),
});

export type SpecificationMetricsRow = typeof specificationMetrics.$inferSelect;
export type CaseStartRow = typeof caseStarts.$inferSelect;
