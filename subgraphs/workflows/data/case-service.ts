import { randomUUID } from 'node:crypto';
import { conflict, createEnvelope, notFound, withTenant, withTenantLookup, type Db, type EventEnvelope } from '@flowgraph/shared';
import { GraphQLError } from 'graphql';
import { execute, jsonToXml, type CaseState, type Command, type EngineEvent, type EngineResult, type NetDecomposition, type Specification, type WorkItem } from '@flowgraph/yawl';
import { systemOffers, taskInNet } from '../domain/resourcing.js';
import { CaseStore, caseRowFromDriver } from './case-store.js';
import { writeTransition, type CaseWrite } from './case-transition.js';
import { cases, type CaseRow } from './schema.js';

/** A command as resolvers build it; the service stamps the time. */
export type CommandInput = Command extends infer C ? (C extends Command ? Omit<C, 'now'> : never) : never;

/**
 * Builds the command from the case it will run on and its model, inside the command's
 * transaction: e.g. output JSON is converted by the task's declared types. It may throw a
 * GraphQL error, which rolls the transaction back with nothing written.
 */
export type CommandBuilder = (current: CaseRow, model: Specification) => CommandInput;

export interface Actor {
  tenantId: string;
  userId: string;
}

/** Engine refusals by what the caller can do about them; the rest fall back to BAD_USER_INPUT. */
const ENGINE_ERROR_CODES: Record<string, string> = {
  UNKNOWN_WORK_ITEM: 'NOT_FOUND',
  CASE_NOT_FOUND: 'NOT_FOUND',
  INVALID_TRANSITION: 'CONFLICT',
  CASE_NOT_RUNNING: 'CONFLICT',
  CASE_ALREADY_LAUNCHED: 'CONFLICT',
  TIMER_NOT_DUE: 'CONFLICT',
  // A timer record in the case data, possibly of another task than the one acted on, is not a
  // valid YTimerType: the case's state refuses the move, whatever the caller sent.
  TIMER_INVALID: 'CONFLICT',
};

/** The engine refused the command: the state is unchanged and nothing is written. */
function engineRefusal(result: Extract<EngineResult, { ok: false }>): GraphQLError {
  const code = ENGINE_ERROR_CODES[result.error.code] ?? 'BAD_USER_INPUT';
  return new GraphQLError(result.error.message, { extensions: { code, engineCode: result.error.code } });
}

const UUID_PREFIX = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):/i;

/** The engine derives work-item ids from their case (`${caseId}:${taskId}:${n}`), which saves a lookup. */
function caseIdOfWorkItem(workItemId: string): string | undefined {
  return UUID_PREFIX.exec(workItemId)?.[1]?.toLowerCase();
}

/** Runs `command`, then the system offers for whatever it enabled, as one transition. */
function decide(state: CaseState | undefined, command: Command, spec: Specification): EngineResult {
  let result = execute(state, command, spec);
  if (!result.ok) return result;
  const events = [...result.events];
  for (const offer of systemOffers(spec, result.state, result.events, command.now)) {
    const offered = execute(result.state, offer, spec);
    if (!offered.ok) return offered;
    events.push(...offered.events);
    result = { ok: true, state: offered.state, events };
  }
  return { ...result, events };
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
  ) {}

  async launch(actor: Actor, spec: { id: string; model: Specification }, input: Record<string, unknown> | null | undefined, idempotencyKey?: string | null): Promise<CaseRow> {
    const net = rootNet(spec.model);
    const data = jsonToXml(net.id, net.inputParams, input ?? {}, spec.model.schema);
    if (!data.ok) {
      throw new GraphQLError(`Case input is invalid: ${data.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, {
        extensions: { code: 'BAD_USER_INPUT', fields: data.errors },
      });
    }
    this.remember(spec);
    const caseId = randomUUID();
    const now = new Date();
    const row = await withTenant(this.db, actor.tenantId, async (tx) => {
      const store = new CaseStore(tx);
      if (idempotencyKey) {
        const existing = await store.byIdempotencyKey(actor.tenantId, actor.userId, idempotencyKey);
        if (existing) return existing;
      }
      const result = decide(undefined, { type: 'launchCase', caseId, now: now.toISOString(), input: data.xml }, spec.model);
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
    });
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
      const outcome = await withTenantLookup(this.db, actor.tenantId, lookup, async (tx, rows): Promise<{ updated: CaseRow } | { needsSpec: CaseRow }> => {
        const store = new CaseStore(tx);
        const current = lookup ? (rows[0] ? caseRowFromDriver(rows[0]) : undefined) : 'workItemId' in target ? await this.byWorkItem(store, actor.tenantId, target.workItemId) : undefined;
        if (!current) throw 'caseId' in target ? notFound('Case', target.caseId) : notFound('WorkItem', target.workItemId);
        const spec = this.models.get(current.specificationId);
        if (!spec) return { needsSpec: current };
        const input = typeof command === 'function' ? command(current, spec.model) : command;
        const result = decide(current.state, { ...input, now: now.toISOString() } as Command, spec.model);
        if (!result.ok) throw engineRefusal(result);
        const write: CaseWrite = { kind: 'update', id: current.id, expectedVersion: current.version, state: result.state };
        if (!(await this.record(tx, actor.tenantId, spec, write, result.state, result.events, now))) {
          throw conflict('The case changed while this command ran; reload and retry');
        }
        const updated: CaseRow = { ...current, state: result.state, status: result.state.status, version: current.version + 1, updatedAt: now, endedAt: result.state.endedAt ? new Date(result.state.endedAt) : null };
        return { updated };
      });
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

