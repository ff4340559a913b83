import { sql, type SQL } from 'drizzle-orm';
import { CASE_EVENTS_TOPIC, executePrepared, outboxInsert, type Db, type EventEnvelope } from '@flowgraph/shared';
import { TERMINAL_STATUSES, type CaseState, type EngineEvent, type WorkItem } from '@flowgraph/yawl';
import { caseEvents, cases, outbox, workItems, type CaseRow } from './schema.js';

/** How the case row itself changes: created by a launch, or moved on from the version the command read. */
export type CaseWrite = { kind: 'insert'; row: CaseRow } | { kind: 'update'; id: string; expectedVersion: number; state: CaseState };

/** Everything one engine transition writes. */
export interface Transition {
  tenantId: string;
  write: CaseWrite;
  /** The work items the transition touched, mirrored into the queue projection. */
  items: readonly WorkItem[];
  taskName: (item: WorkItem) => string | undefined;
  events: readonly EngineEvent[];
  envelopes: readonly EventEnvelope[];
  now: Date;
}

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;
const endedAt = (state: CaseState) => (state.endedAt ? new Date(state.endedAt).toISOString() : null);

function caseStatement(tenantId: string, write: CaseWrite, now: Date): SQL {
  if (write.kind === 'insert') {
    const row = write.row;
    return sql`insert into ${cases} (id, tenant_id, specification_id, status, state, version, started_by, idempotency_key, started_at, updated_at, ended_at)
      values (${row.id}, ${row.tenantId}, ${row.specificationId}, ${row.status}, ${json(row.state)}, ${row.version}, ${row.startedBy}, ${row.idempotencyKey},
              ${row.startedAt.toISOString()}::timestamptz, ${row.updatedAt.toISOString()}::timestamptz, ${row.endedAt?.toISOString() ?? null}::timestamptz)
      returning id`;
  }
  const { state } = write;
  return sql`update ${cases}
      set state = ${json(state)}, status = ${state.status}, version = ${write.expectedVersion + 1},
          updated_at = ${now.toISOString()}::timestamptz, ended_at = ${endedAt(state)}::timestamptz
      where tenant_id = ${tenantId} and id = ${write.id} and version = ${write.expectedVersion}
      returning id`;
}

function projectionRows(t: Transition) {
  return t.items.map((item) => ({
    id: item.id,
    case_id: item.caseId,
    task_id: item.taskId,
    task_name: t.taskName(item) ?? null,
    kind: item.kind,
    status: item.status,
    offered_roles: item.offeredTo?.roles ?? [],
    offered_participants: item.offeredTo?.participants ?? [],
    allocated_to: item.allocatedTo ?? null,
    started_by: item.startedBy ?? null,
    enabled_at: item.enabledAt,
    // Only a live item's timer can still fire.
    timer_expires_at: item.timerExpiresAt && !TERMINAL_STATUSES.includes(item.status) ? item.timerExpiresAt : null,
  }));
}

/**
 * Writes a transition in ONE statement: the case row (the update guarded by the version the
 * command read), the work-item projection, the event log and the outbox, as data-modifying
 * CTEs. The other inserts run only if the case write produced its row, so a lost race writes
 * nothing. One round trip instead of four is most of what a command costs beyond the engine.
 * Returns false when the version guard matched nothing: another command committed first.
 */
export async function writeTransition(db: Db, t: Transition): Promise<boolean> {
  const written = sql`exists (select 1 from written)`;
  const logRows = t.events.map((event) => ({ case_id: event.caseId, sequence: event.sequence, type: event.type, event, occurred_at: event.at }));
  // Its text is fixed per kind of write, so it is prepared once per connection.
  const [row] = await executePrepared<{ written: number }>(db, sql`
    with written as (${caseStatement(t.tenantId, t.write, t.now)}),
    projection as (
      insert into ${workItems} (id, tenant_id, case_id, task_id, task_name, kind, status, offered_roles, offered_participants, allocated_to, started_by, enabled_at, updated_at, timer_expires_at)
      select r.id, ${t.tenantId}::uuid, r.case_id, r.task_id, r.task_name, r.kind, r.status, r.offered_roles, r.offered_participants, r.allocated_to, r.started_by,
             r.enabled_at, ${t.now.toISOString()}::timestamptz, r.timer_expires_at
      from jsonb_to_recordset(${json(projectionRows(t))}) as r(id text, case_id uuid, task_id text, task_name text, kind text, status text, offered_roles text[],
           offered_participants text[], allocated_to text, started_by text, enabled_at timestamptz, timer_expires_at timestamptz)
      where ${written}
      on conflict (id) do update set kind = excluded.kind, status = excluded.status, offered_roles = excluded.offered_roles, offered_participants = excluded.offered_participants,
        allocated_to = excluded.allocated_to, started_by = excluded.started_by, updated_at = excluded.updated_at, timer_expires_at = excluded.timer_expires_at
    ),
    log as (
      insert into ${caseEvents} (case_id, sequence, tenant_id, type, event, occurred_at)
      select r.case_id, r.sequence, ${t.tenantId}::uuid, r.type, r.event, r.occurred_at
      from jsonb_to_recordset(${json(logRows)}) as r(case_id uuid, sequence bigint, type text, event jsonb, occurred_at timestamptz)
      where ${written}
    ),
    published as (${outboxInsert(outbox, CASE_EVENTS_TOPIC, t.envelopes, written)})
    select count(*)::int as written from written`);
  return row?.written === 1;
}
