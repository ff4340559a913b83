import { and, asc, desc, eq, getTableColumns, gt, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@flowgraph/shared';
import { caseEvents, cases, workItems, type CaseEventRow, type CaseRow, type WorkItemRow } from './schema.js';
import { QUEUED_KINDS } from '../domain/work-queue.js';

const caseColumns = Object.entries(getTableColumns(cases));

/** A `cases` row as the driver returned it for plain SQL (column names as in the table), as drizzle would map it. */
export function caseRowFromDriver(raw: Record<string, unknown>): CaseRow {
  const row: Record<string, unknown> = {};
  for (const [field, column] of caseColumns) {
    const value = raw[column.name];
    row[field] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as CaseRow;
}

/** A work item whose timer is due, and the expiry it was found with. */
export interface DueTimer {
  id: string;
  tenantId: string;
  expiresAt: Date;
}

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

  async byId(tenantId: string, id: string): Promise<CaseRow | undefined> {
    // Subscriptions and commands on legacy work-item ids read a case this way: prepared, planned once per connection.
    const [row] = await this.db
      .select()
      .from(cases)
      .where(and(eq(cases.tenantId, sql.placeholder('tenantId')), eq(cases.id, sql.placeholder('id'))))
      .prepare('workflows_case_by_id')
      .execute({ tenantId, id });
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

  async workItem(tenantId: string, id: string): Promise<WorkItemRow | undefined> {
    const [row] = await this.db
      .select()
      .from(workItems)
      .where(and(eq(workItems.tenantId, tenantId), eq(workItems.id, id)));
    return row;
  }

  /** Items people work on (`QUEUED_KINDS`, not the engine's own) offered to the user (by id or role, or to everyone when the task names nobody), allocated to or started by them. */
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
          inArray(workItems.kind, [...QUEUED_KINDS]),
          or(offered, and(eq(workItems.status, 'allocated'), eq(workItems.allocatedTo, userId)), and(eq(workItems.status, 'started'), eq(workItems.startedBy, userId))),
        ),
      )
      .orderBy(asc(workItems.enabledAt), asc(workItems.id));
  }

  /**
   * Items whose timers are due, across tenants: the sweeper runs as the owner, then acts per
   * tenant. Only items of running cases: the engine refuses to fire into a suspended or ended
   * case, so those would hold the oldest places forever; a suspended case's timers come due again
   * the moment it resumes. The plan walks the partial timer index in expiry order and probes
   * each item's case by primary key until it has `limit`; what it reads beyond those is the due
   * items of stopped cases it passes over, too few to pay for an index (or a column) of their own. The join is on the case id alone: adding the tenant, which the id already fixes,
   * made the planner expect one row and hash-join every case instead (seen on Postgres 15).
   */
  async dueTimers(now: Date, limit: number): Promise<DueTimer[]> {
    const rows = await this.db
      .select({ id: workItems.id, tenantId: workItems.tenantId, expiresAt: workItems.timerExpiresAt })
      .from(workItems)
      .innerJoin(cases, eq(cases.id, workItems.caseId))
      .where(and(lte(workItems.timerExpiresAt, now), eq(cases.status, 'running')))
      .orderBy(asc(workItems.timerExpiresAt))
      .limit(limit);
    return rows.flatMap(({ expiresAt, ...row }) => (expiresAt ? [{ ...row, expiresAt }] : []));
  }

  /**
   * Moves a due timer's next attempt to `until` in the projection (the case state keeps its real
   * expiry, which the engine checks). Guarded by the expiry the sweeper read: when a transition
   * rewrote the item since, its new timer stands. False when nothing was moved.
   */
  async deferTimer(tenantId: string, timer: DueTimer, until: Date): Promise<boolean> {
    const moved = await this.db
      .update(workItems)
      .set({ timerExpiresAt: until })
      .where(and(eq(workItems.tenantId, tenantId), eq(workItems.id, timer.id), eq(workItems.timerExpiresAt, timer.expiresAt)))
      .returning({ id: workItems.id });
    return moved.length === 1;
  }

  /** The tenant's events after position `after` (up to `upTo`, inclusive), in stream order, with their cases' specifications. */
  tenantLog(tenantId: string, after: number, upTo: number | undefined, limit: number): Promise<(CaseEventRow & { specificationId: string })[]> {
    return this.db
      .select({ ...getTableColumns(caseEvents), specificationId: cases.specificationId })
      .from(caseEvents)
      .innerJoin(cases, and(eq(cases.tenantId, caseEvents.tenantId), eq(cases.id, caseEvents.caseId)))
      .where(and(eq(caseEvents.tenantId, tenantId), gt(caseEvents.position, after), upTo === undefined ? undefined : lte(caseEvents.position, upTo)))
      .orderBy(asc(caseEvents.position))
      .limit(limit);
  }

  /** The highest position handed out in the tenant's stream so far; 0 before its first event. */
  async lastPosition(tenantId: string): Promise<number> {
    const [row] = await this.db
      .select({ last: sql<number>`coalesce(max(${caseEvents.position}), 0)::bigint`.mapWith(Number) })
      .from(caseEvents)
      .where(eq(caseEvents.tenantId, tenantId));
    return row?.last ?? 0;
  }

  history(tenantId: string, caseId: string, afterSequence = 0): Promise<CaseEventRow[]> {
    return this.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.tenantId, tenantId), eq(caseEvents.caseId, caseId), sql`${caseEvents.sequence} > ${afterSequence}`))
      .orderBy(asc(caseEvents.sequence));
  }
}
