import { randomUUID } from 'node:crypto';
import { createEnvelope, withTenant, withTenantLookup, type Db, type EventEnvelope } from '@flowgraph/shared';
import { jsonToXml, type CaseState, type Command, type EngineEvent, type EngineResult, type NetDecomposition, type Specification, type WorkItem } from '@flowgraph/yawl';
import { taskInNet } from '../domain/resourcing.js';
import { CaseStore, caseRowFromDriver } from '../data/case-store.js';
import { writeTransition, type CaseWrite } from '../data/case-transition.js';
import { cases, type CaseRow } from '../data/schema.js';
import type { EngineLease, EngineRunner } from './engine-runner.js';
import { Conflict, InvalidInput, LostRace, NotFound, notFound, type DomainError } from './errors.js';

/** A command as resolvers build it; the service stamps the time. */
export type CommandInput = Command extends infer C ? (C extends Command ? Omit<C, 'now'> : never) : never;

/**
 * Builds the command from the case it will run on and its model, inside the command's
 * transaction: e.g. output JSON is converted by the task's declared types. It may throw (a
 * refusal), which rolls the transaction back with nothing written.
 */
export type CommandBuilder = (current: CaseRow, model: Specification) => CommandInput;

export interface Actor {
  tenantId: string;
  userId: string;
}

/** Engine refusals by what the caller can do about them; the rest are the caller's invalid input. */
const ENGINE_REFUSALS: Record<string, new (message: string, options: { engineCode: string }) => DomainError> = {
  UNKNOWN_WORK_ITEM: NotFound,
  CASE_NOT_FOUND: NotFound,
  INVALID_TRANSITION: Conflict,
  CASE_NOT_RUNNING: Conflict,
  CASE_ALREADY_LAUNCHED: Conflict,
  TIMER_NOT_DUE: Conflict,
  // A timer record in the case data, possibly of another task than the one acted on, is not a
  // valid YTimerType: the case's state refuses the move, whatever the caller sent.
  TIMER_INVALID: Conflict,
};

/** The engine refused the command: the state is unchanged and nothing is written. */
function engineRefusal(result: Extract<EngineResult, { ok: false }>): DomainError {
  const Refusal = ENGINE_REFUSALS[result.error.code] ?? InvalidInput;
  return new Refusal(result.error.message, { engineCode: result.error.code });
}

const UUID_PREFIX = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):/i;

/** The engine derives work-item ids from their case (`${caseId}:${taskId}:${n}`), which saves a lookup. */
function caseIdOfWorkItem(workItemId: string): string | undefined {
  return UUID_PREFIX.exec(workItemId)?.[1]?.toLowerCase();
}

/** Case events on the bus: `workflow.case.started` etc., keyed by case, in per-case order. */
export function toEnvelopes(tenantId: string, specificationId: string, events: readonly EngineEvent[]): EventEnvelope[] {
  return events.map((event) =>
    createEnvelope({
      type: `workflow.${event.type}`,
      source: 'workflows',
      tenantId,
      key: event.caseId,
      occurredAt: new Date(event.at),
      data: { ...event, specificationId, ...(event.type === 'case.started' ? { startedAt: event.at } : {}) },
    }),
  );
}

export function rootNet(spec: Specification): NetDecomposition {
  const net = spec.decompositions[spec.rootNetId];
  if (net?.kind !== 'net') throw new Error(`specification ${spec.uri} has no root net`);
  return net;
}

/** A work item's task name (else its id), looked up in the net the item runs in: task ids are scoped to their net. */
function taskNames(spec: Specification, state: CaseState): (item: WorkItem) => string | undefined {
  return (item) => {
    const task = taskInNet(spec, state.netInstances[item.netInstanceId]?.netId, item.taskId);
    return task ? (task.name ?? task.id) : undefined;
  };
}

/**
 * Runs engine commands as transactions: read the case, let the pure engine decide, then write
 * the new state (guarded by its version), the work-item projection, the event log and the
 * outbox rows together. Either all of it commits or none of it does.
 */
export class CaseService {
  constructor(
    private readonly db: Db,
    private readonly eventsCommitted: () => void,
    /** Where the engine decides: an EvaluationPool in a served instance, under a time and memory budget. */
    private readonly engine: EngineRunner,
  ) {}

  /**
   * `work` with an engine lease for the tenant, taken before any transaction opens: a command
   * waiting its turn at the engine holds no database connection.
   */
  private async leased<T>(tenantId: string, work: (lease: EngineLease) => Promise<T>): Promise<T> {
    const lease = await this.engine.lease(tenantId);
    try {
      return await work(lease);
    } finally {
      lease.release();
    }
  }

  async launch(actor: Actor, spec: { id: string; model: Specification }, input: Record<string, unknown> | null | undefined, idempotencyKey?: string | null): Promise<CaseRow> {
    const net = rootNet(spec.model);
    const data = jsonToXml(net.id, net.inputParams, input ?? {}, spec.model.schema);
    if (!data.ok) {
      throw new InvalidInput(`Case input is invalid: ${data.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, { details: { fields: data.errors } });
    }
    this.remember(spec);
    const caseId = randomUUID();
    const now = new Date();
    const row = await this.leased(actor.tenantId, (engine) => withTenant(this.db, actor.tenantId, async (tx) => {
      const store = new CaseStore(tx);
      if (idempotencyKey) {
        const existing = await store.byIdempotencyKey(actor.tenantId, actor.userId, idempotencyKey);
        if (existing) return existing;
      }
      const result = await engine.decide(spec, undefined, { type: 'launchCase', caseId, now: now.toISOString(), input: data.xml });
      if (!result.ok) throw engineRefusal(result);
      const created: CaseRow = {
        id: caseId,
        tenantId: actor.tenantId,
        specificationId: spec.id,
        status: result.state.status,
        state: result.state,
        version: 1,
        startedBy: actor.userId,
        idempotencyKey: idempotencyKey ?? null,
        startedAt: now,
        updatedAt: now,
        endedAt: result.state.endedAt ? new Date(result.state.endedAt) : null,
      };
      await this.record(tx, actor.tenantId, spec, { kind: 'insert', row: created }, result.state, result.events, now);
      return created;
    }));
    this.eventsCommitted();
    return row;
  }

  /**
   * Applies `command` to the case owning `workItemId` (or to `caseId`) in one transaction: read
   * the case, decide, write it guarded by its version (a concurrent command that committed first
   * makes this one fail with CONFLICT), record. Specification models are immutable per id, so
   * they are kept in process after the first load, which happens outside the transaction.
   * `command` may be a builder that needs the case and its model (see CommandBuilder).
   */
  async run(actor: Actor, target: { caseId: string } | { workItemId: string }, command: CommandInput | CommandBuilder, loadSpec: (row: CaseRow) => Promise<{ id: string; model: Specification }>): Promise<CaseRow> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const now = new Date();
      const caseId = 'caseId' in target ? target.caseId : caseIdOfWorkItem(target.workItemId);
      // The case row rides with BEGIN when its id is known up front, which it nearly always is.
      const lookup = caseId ? { table: cases, where: { tenant_id: actor.tenantId, id: caseId } } : undefined;
      const outcome = await this.leased(actor.tenantId, (engine) => withTenantLookup(this.db, actor.tenantId, lookup, async (tx, rows): Promise<{ updated: CaseRow } | { needsSpec: CaseRow }> => {
        const store = new CaseStore(tx);
        const current = lookup ? (rows[0] ? caseRowFromDriver(rows[0]) : undefined) : 'workItemId' in target ? await this.byWorkItem(store, actor.tenantId, target.workItemId) : undefined;
        if (!current) throw 'caseId' in target ? notFound('Case', target.caseId) : notFound('WorkItem', target.workItemId);
        const spec = this.models.get(current.specificationId);
        if (!spec) return { needsSpec: current };
        const input = typeof command === 'function' ? command(current, spec.model) : command;
        const result = await engine.decide(spec, current.state, { ...input, now: now.toISOString() });
        if (!result.ok) throw engineRefusal(result);
        const write: CaseWrite = { kind: 'update', id: current.id, expectedVersion: current.version, state: result.state };
        if (!(await this.record(tx, actor.tenantId, spec, write, result.state, result.events, now))) {
          throw new LostRace();
        }
        const updated: CaseRow = { ...current, state: result.state, status: result.state.status, version: current.version + 1, updatedAt: now, endedAt: result.state.endedAt ? new Date(result.state.endedAt) : null };
        return { updated };
      }));
      if ('updated' in outcome) {
        this.eventsCommitted();
        return outcome.updated;
      }
      this.remember(await loadSpec(outcome.needsSpec));
    }
    throw new Error('specification model could not be loaded');
  }

  /** The case of a work item whose id does not name it (ids from before the engine prefixed them). */
  private async byWorkItem(store: CaseStore, tenantId: string, workItemId: string): Promise<CaseRow | undefined> {
    const item = await store.workItem(tenantId, workItemId);
    return item ? store.byId(tenantId, item.caseId) : undefined;
  }

  private readonly models = new Map<string, { id: string; model: Specification }>();

  /** A bounded set of recently used models; a model never changes for its id. */
  private remember(spec: { id: string; model: Specification }): void {
    this.models.delete(spec.id);
    this.models.set(spec.id, spec);
    if (this.models.size > 200) this.models.delete(this.models.keys().next().value!);
  }

  /** Writes the case, its touched work items, its log and its outbox rows; false when the version guard lost. */
  private record(tx: Db, tenantId: string, spec: { id: string; model: Specification }, write: CaseWrite, state: CaseState, events: readonly EngineEvent[], now: Date): Promise<boolean> {
    const touched = new Set(events.map((event) => event.workItemId).filter((id): id is string => Boolean(id)));
    return writeTransition(tx, {
      tenantId,
      write,
      items: Object.values(state.workItems).filter((item) => touched.has(item.id)),
      taskName: taskNames(spec.model, state),
      events,
      envelopes: toEnvelopes(tenantId, spec.id, events),
      now,
    });
  }
}

