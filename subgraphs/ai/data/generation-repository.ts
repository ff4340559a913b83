import { and, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { enqueueEvents, withTenant, type Db, type EventEnvelope } from '@flowgraph/shared';
import { outbox, workflowGenerations, type GenerationRow, type NewGeneration } from './schema.js';

/** Statuses of a generation still at work. */
export const ACTIVE_STATUSES = ['pending', 'retrieving', 'drafting', 'verifying', 'repairing'] as const;

/**
 * How long a generation may go without a step before it counts as left behind by a stopped instance
 * (it stops counting against the tenant's limit, and the sweep fails it): 10 minutes, or longer than a
 * generation may run at all (AI_GENERATION_TIMEOUT_MS, up to an hour), so that a live one is never swept.
 */
export function staleAfterMs(generationTimeoutMs: number): number {
  return Math.max(10 * 60 * 1000, generationTimeoutMs + 60 * 1000);
}

type GenerationEvents = { topic: string; envelopes: readonly EventEnvelope[] };
const NO_EVENTS: GenerationEvents = { topic: '', envelopes: [] };

export type GenerationChange = Partial<Pick<GenerationRow, 'status' | 'specificationXml' | 'problems' | 'issues' | 'rounds' | 'similar' | 'patterns' | 'cached' | 'specificationId' | 'importStatus' | 'importError'>>;

/** Generation records, always read and written within one tenant. */
export class GenerationRepository {
  constructor(
    private readonly db: Db,
    private readonly staleAfter = staleAfterMs(0),
  ) {}

  byIds(tenantId: string, ids: readonly string[]): Promise<GenerationRow[]> {
    return withTenant(this.db, tenantId, (tx) =>
      tx
        .select()
        .from(workflowGenerations)
        .where(and(eq(workflowGenerations.tenantId, tenantId), inArray(workflowGenerations.id, [...ids]))),
    );
  }

  async byId(tenantId: string, id: string): Promise<GenerationRow | undefined> {
    return (await this.byIds(tenantId, [id]))[0];
  }

  list(tenantId: string, limit: number): Promise<GenerationRow[]> {
    return withTenant(this.db, tenantId, (tx) =>
      tx
        .select()
        .from(workflowGenerations)
        .where(eq(workflowGenerations.tenantId, tenantId))
        .orderBy(desc(workflowGenerations.createdAt), desc(workflowGenerations.id))
        .limit(limit),
    );
  }

  byRequesters(tenantId: string, userIds: readonly string[]): Promise<GenerationRow[]> {
    return withTenant(this.db, tenantId, (tx) =>
      tx
        .select()
        .from(workflowGenerations)
        .where(and(eq(workflowGenerations.tenantId, tenantId), inArray(workflowGenerations.requestedBy, [...userIds])))
        .orderBy(desc(workflowGenerations.createdAt), desc(workflowGenerations.id)),
    );
  }

  /**
   * Inserts a pending generation unless the tenant already has `limit` at work; resolves to the row,
   * or undefined when refused. Serialised per tenant (an advisory lock), so concurrent requests
   * cannot all slip under the limit.
   */
  insertWithinLimit(row: NewGeneration, limit: number, now: Date): Promise<GenerationRow | undefined> {
    return withTenant(this.db, row.tenantId, async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`ai-generations:${row.tenantId}`}))`);
      const [active] = await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(workflowGenerations)
        .where(and(eq(workflowGenerations.tenantId, row.tenantId), inArray(workflowGenerations.status, [...ACTIVE_STATUSES]), gte(workflowGenerations.updatedAt, new Date(now.getTime() - this.staleAfter))));
      if ((active?.count ?? 0) >= limit) return undefined;
      const [inserted] = await tx.insert(workflowGenerations).values(row).returning();
      return inserted;
    });
  }

  /** Applies `change`, with `events` written to the outbox in the same transaction. */
  update(tenantId: string, id: string, change: GenerationChange, now: Date, events: GenerationEvents = NO_EVENTS): Promise<GenerationRow | undefined> {
    return this.write(tenantId, id, change, now, events, false);
  }

  /**
   * A step of the generation's own work: applied only while it is still at work, so that one the sweep
   * failed as INTERRUPTED (or that ended otherwise) stays as it is. Resolves to undefined when not applied.
   */
  advance(tenantId: string, id: string, change: GenerationChange, now: Date, events: GenerationEvents = NO_EVENTS): Promise<GenerationRow | undefined> {
    return this.write(tenantId, id, change, now, events, true);
  }

  private write(tenantId: string, id: string, change: GenerationChange, now: Date, events: GenerationEvents, whileActive: boolean): Promise<GenerationRow | undefined> {
    return withTenant(this.db, tenantId, async (tx) => {
      const [row] = await tx
        .update(workflowGenerations)
        .set({ ...change, updatedAt: now })
        .where(and(eq(workflowGenerations.tenantId, tenantId), eq(workflowGenerations.id, id), whileActive ? inArray(workflowGenerations.status, [...ACTIVE_STATUSES]) : undefined))
        .returning();
      if (row) await enqueueEvents(tx, outbox, events.topic, events.envelopes);
      return row;
    });
  }

  /**
   * Fails generations of every tenant left at work past the stale time (their instance stopped
   * mid-way; a live one moves on well within its deadline). Runs as the owner, across tenants, like
   * the outbox relay. Resolves to what it failed.
   */
  async failStale(now: Date): Promise<{ tenantId: string; id: string }[]> {
    const issue = { severity: 'error' as const, elementId: 'specificationSet', code: 'INTERRUPTED', message: 'the generation was interrupted (its server stopped); generate again' };
    return this.db
      .update(workflowGenerations)
      .set({ status: 'failed', issues: [issue], problems: [`${issue.elementId}: ${issue.message} (${issue.code})`], updatedAt: now })
      .where(and(inArray(workflowGenerations.status, [...ACTIVE_STATUSES]), lt(workflowGenerations.updatedAt, new Date(now.getTime() - this.staleAfter))))
      .returning({ tenantId: workflowGenerations.tenantId, id: workflowGenerations.id });
  }

  async insertIfAbsent(row: NewGeneration): Promise<void> {
    await this.db.insert(workflowGenerations).values(row).onConflictDoNothing();
  }
}
