import { and, asc, desc, eq, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@flowgraph/shared';
import { TERMINAL_STATUSES, type CaseState, type EngineEvent, type WorkItem } from '../domain/yawl/index.js';
import { caseEvents, cases, workItems, type CaseEventRow, type CaseRow, type WorkItemRow } from './schema.js';

export interface CaseCursor {
  startedAt: Date;
  id: string;
}

/**
 * Rows of cases, their work-item projection and their event log. Always used inside a
 * tenant-scoped transaction (`withTenant`), so row-level security backs every filter here.
 */
export class CaseStore {
  constructor(private readonly db: Db) {}

  async insert(row: typeof cases.$inferInsert): Promise<void> {
    await this.db.insert(cases).values(row);
  }

  async byId(tenantId: string, id: string): Promise<CaseRow | undefined> {
    const [row] = await this.db
      .select()
      .from(cases)
      .where(and(eq(cases.tenantId, tenantId), eq(cases.id, id)));
    return row;
  }

  byIds(tenantId: string, ids: readonly string[]): Promise<CaseRow[]> {
    return this.db
      .select()
      .from(cases)
      .where(and(eq(cases.tenantId, tenantId), inArray(cases.id, [...ids])));
  }

  async byIdempotencyKey(tenantId: string, startedBy: string, key: string): Promise<CaseRow | undefined> {
    const [row] = await this.db
      .select()
      .from(cases)
      .where(and(eq(cases.tenantId, tenantId), eq(cases.startedBy, startedBy), eq(cases.idempotencyKey, key)));
    return row;
  }

  /** Writes the new state only if nobody else did since `expectedVersion` was read. */
  async update(tenantId: string, id: string, expectedVersion: number, state: CaseState, now: Date): Promise<boolean> {
    const rows = await this.db
      .update(cases)
      .set({ state, status: state.status, version: expectedVersion + 1, updatedAt: now, endedAt: state.endedAt ? new Date(state.endedAt) : null })
      .where(and(eq(cases.tenantId, tenantId), eq(cases.id, id), eq(cases.version, expectedVersion)))
      .returning({ id: cases.id });
    return rows.length === 1;
  }

  /** Newest first, keyset-paginated on (startedAt, id). */
  list(tenantId: string, filter: { specificationId?: string | undefined; status?: string | undefined; after?: CaseCursor | undefined; limit: number }): Promise<CaseRow[]> {
    const conditions: (SQL | undefined)[] = [
      eq(cases.tenantId, tenantId),
      filter.specificationId ? eq(cases.specificationId, filter.specificationId) : undefined,
      filter.status ? eq(cases.status, filter.status as CaseRow['status']) : undefined,
      filter.after ? or(lt(cases.startedAt, filter.after.startedAt), and(eq(cases.startedAt, filter.after.startedAt), lt(cases.id, filter.after.id))) : undefined,
    ];
    return this.db
      .select()
      .from(cases)
      .where(and(...conditions))
      .orderBy(desc(cases.startedAt), desc(cases.id))
      .limit(filter.limit);
  }

  /** Mirrors the items a command touched into the queue projection. */
  async projectWorkItems(tenantId: string, items: readonly WorkItem[], taskNames: (taskId: string) => string | undefined, now: Date): Promise<void> {
    if (items.length === 0) return;
    const rows = items.map((item) => ({
      id: item.id,
      tenantId,
      caseId: item.caseId,
      taskId: item.taskId,
      taskName: taskNames(item.taskId) ?? null,
      status: item.status,
      offeredRoles: item.offeredTo?.roles ?? [],
      offeredParticipants: item.offeredTo?.participants ?? [],
      allocatedTo: item.allocatedTo ?? null,
      startedBy: item.startedBy ?? null,
      enabledAt: new Date(item.enabledAt),
      updatedAt: now,
      // Only a live item's timer can still fire.
      timerExpiresAt: item.timerExpiresAt && !TERMINAL_STATUSES.includes(item.status) ? new Date(item.timerExpiresAt) : null,
    }));
    await this.db
      .insert(workItems)
      .values(rows)
      .onConflictDoUpdate({
        target: workItems.id,
        set: {
          status: sql`excluded.status`,
          offeredRoles: sql`excluded.offered_roles`,
          offeredParticipants: sql`excluded.offered_participants`,
          allocatedTo: sql`excluded.allocated_to`,
          startedBy: sql`excluded.started_by`,
          updatedAt: sql`excluded.updated_at`,
          timerExpiresAt: sql`excluded.timer_expires_at`,
        },
      });
  }

  async workItem(tenantId: string, id: string): Promise<WorkItemRow | undefined> {
    const [row] = await this.db
      .select()
      .from(workItems)
      .where(and(eq(workItems.tenantId, tenantId), eq(workItems.id, id)));
    return row;
  }

  /** Items offered to the user (by id or role, or to everyone when the task names nobody), allocated to or started by them. */
  queue(tenantId: string, userId: string, roles: readonly string[]): Promise<WorkItemRow[]> {
    const offered = and(
      inArray(workItems.status, ['enabled', 'offered']),
      or(
        sql`${userId} = any(${workItems.offeredParticipants})`,
        roles.length
          ? sql`${workItems.offeredRoles} && array[${sql.join(
              roles.map((role) => sql`${role}`),
              sql`, `,
            )}]::text[]`
          : undefined,
        and(sql`cardinality(${workItems.offeredParticipants}) = 0`, sql`cardinality(${workItems.offeredRoles}) = 0`),
      ),
    );
    return this.db
      .select()
      .from(workItems)
      .where(
        and(
          eq(workItems.tenantId, tenantId),
          or(offered, and(eq(workItems.status, 'allocated'), eq(workItems.allocatedTo, userId)), and(eq(workItems.status, 'started'), eq(workItems.startedBy, userId))),
        ),
      )
      .orderBy(asc(workItems.enabledAt), asc(workItems.id));
  }

  /** Items whose timers are due, across tenants: the sweeper runs as the owner, then acts per tenant. */
  dueTimers(now: Date, limit: number): Promise<{ id: string; tenantId: string }[]> {
    return this.db
      .select({ id: workItems.id, tenantId: workItems.tenantId })
      .from(workItems)
      .where(lte(workItems.timerExpiresAt, now))
      .orderBy(asc(workItems.timerExpiresAt))
      .limit(limit);
  }

  async appendEvents(tenantId: string, events: readonly EngineEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.insert(caseEvents).values(
      events.map((event) => ({ caseId: event.caseId, sequence: event.sequence, tenantId, type: event.type, event, occurredAt: new Date(event.at) })),
    );
  }

  history(tenantId: string, caseId: string, afterSequence = 0): Promise<CaseEventRow[]> {
    return this.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.tenantId, tenantId), eq(caseEvents.caseId, caseId), sql`${caseEvents.sequence} > ${afterSequence}`))
      .orderBy(asc(caseEvents.sequence));
  }
}
