import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { withTenant, type Db } from '@flowgraph/shared';
import type { ReceivedCaseEvent } from '../domain/case-event.js';
import { applyCaseEvent, emptyTally, type SpecificationTally, type TrackedCase } from '../domain/case-metrics.js';
import { caseStarts, processedEvents, specificationMetrics, type SpecificationMetricsRow } from './schema.js';

export type RecordOutcome = 'applied' | 'duplicate' | 'ignored';

/** The all-zero metrics of a specification nothing has happened to yet. */
export function zeroMetrics(tenantId: string, specificationId: string): SpecificationMetricsRow {
  return { tenantId, specificationId, ...emptyTally };
}

const tallyOf = (row: SpecificationMetricsRow): SpecificationTally => ({
  casesStarted: row.casesStarted,
  casesCompleted: row.casesCompleted,
  casesCancelled: row.casesCancelled,
  totalCycleSeconds: row.totalCycleSeconds,
  timedCompletions: row.timedCompletions,
  lastEventAt: row.lastEventAt,
});

/** Reads and writes of the analytics schema. Every read takes the tenant. */
export class MetricsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Applies one event in one transaction together with recording its id, so a crash
   * between the two cannot double count on redelivery, and a redelivered id is a no-op.
   */
  recordCaseEvent({ eventId, tenantId, event }: ReceivedCaseEvent): Promise<RecordOutcome> {
    return withTenant(this.db, tenantId, async (tx) => {
      const claimed = await tx.insert(processedEvents).values({ eventId }).onConflictDoNothing().returning({ eventId: processedEvents.eventId });
      if (claimed.length === 0) return 'duplicate';

      // Ensure the row exists, then lock it: concurrent partitions may update the same
      // specification, and a read-compute-write without the lock would lose updates.
      const key = and(eq(specificationMetrics.tenantId, tenantId), eq(specificationMetrics.specificationId, event.specificationId));
      await tx.insert(specificationMetrics).values({ tenantId, specificationId: event.specificationId }).onConflictDoNothing();
      const [current] = await tx.select().from(specificationMetrics).where(key).for('update');
      const caseKey = and(eq(caseStarts.tenantId, tenantId), eq(caseStarts.caseId, event.caseId));
      const [caseRow] = await tx.select().from(caseStarts).where(caseKey).for('update');
      const tracked: TrackedCase | null = caseRow ? { specificationId: caseRow.specificationId, startedAt: caseRow.startedAt, endedAt: caseRow.endedAt } : null;

      const transition = applyCaseEvent(current ? tallyOf(current) : emptyTally, tracked, event);
      if (!transition) return 'ignored';
      await tx.update(specificationMetrics).set(transition.tally).where(key);
      if (transition.trackedCase) {
        const { specificationId, startedAt, endedAt } = transition.trackedCase;
        await tx
          .insert(caseStarts)
          .values({ tenantId, caseId: event.caseId, specificationId, startedAt, endedAt })
          .onConflictDoUpdate({ target: [caseStarts.tenantId, caseStarts.caseId], set: { endedAt } });
      }
      return 'applied';
    });
  }

  metricsOfSpecifications(tenantId: string, specificationIds: readonly string[]): Promise<SpecificationMetricsRow[]> {
    if (specificationIds.length === 0) return Promise.resolve([]);
    return withTenant(this.db, tenantId, (tx) =>
      tx
        .select()
        .from(specificationMetrics)
        .where(and(eq(specificationMetrics.tenantId, tenantId), inArray(specificationMetrics.specificationId, [...specificationIds]))),
    );
  }

  /** The tenant's specifications with the most started cases; ties go to the most recently active. */
  busiest(tenantId: string, limit: number): Promise<SpecificationMetricsRow[]> {
    return withTenant(this.db, tenantId, (tx) =>
      tx
        .select()
        .from(specificationMetrics)
        .where(and(eq(specificationMetrics.tenantId, tenantId), gt(specificationMetrics.casesStarted, 0)))
        .orderBy(desc(specificationMetrics.casesStarted), sql`${specificationMetrics.lastEventAt} desc nulls last`, asc(specificationMetrics.specificationId))
        .limit(limit),
    );
  }

  metricsOfTenant(tenantId: string): Promise<SpecificationMetricsRow[]> {
    return withTenant(this.db, tenantId, (tx) => tx.select().from(specificationMetrics).where(eq(specificationMetrics.tenantId, tenantId)));
  }
}
