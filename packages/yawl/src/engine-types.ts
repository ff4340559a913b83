/**
 * The YAWL engine's state, commands, events and errors. Everything here is plain JSON (no Maps,
 * classes or Dates) because a case's state is persisted as JSONB between commands.
 *
 * Determinism: the engine never reads the clock or generates random ids. Time comes in every
 * command (`now`, ISO-8601), and ids are derived from the case:
 *  - the root net instance's id is the case id; a composite task's child net instance has the
 *    id of the composite work item that runs it;
 *  - a work item is `${caseId}:${taskId}:${n}`, `n` a per-case counter (`nextItemNumber`);
 *  - an MI child is `${parentItemId}.${k}`, `k` counting that parent's instances from 1.
 */

export type CaseStatus = 'running' | 'suspended' | 'completed' | 'cancelled' | 'deadlocked';

export type WorkItemStatus =
  | 'enabled'
  | 'offered'
  | 'allocated'
  | 'started'
  | 'suspended'
  | 'completed'
  | 'skipped'
  | 'cancelled'
  | 'withdrawn';

/**
 * `atomic` runs a task decomposition; `composite` runs a child net; `multiple` is the parent of
 * an MI task's `instance` items. Empty tasks never get a work item (they fire on enabling);
 * `composite` and `multiple` items are started by the engine as soon as they are enabled, as in
 * YAWL, so only `atomic` and `instance` items wait for people.
 */
export type WorkItemKind = 'atomic' | 'composite' | 'multiple' | 'instance';

export interface WorkItem {
  id: string;
  caseId: string;
  netInstanceId: string;
  taskId: string;
  kind: WorkItemKind;
  status: WorkItemStatus;
  /** The status to return to on resume. */
  suspendedFrom?: WorkItemStatus;
  /** For `instance` items: the MI parent; for `multiple`: its instances, in creation order. */
  parentId?: string;
  instanceIds?: string[];
  /** Task input document (root = decomposition id), set when the item starts. */
  inputData?: string;
  /** Task output document, set on completion. */
  outputData?: string;
  offeredTo?: { roles: string[]; participants: string[] };
  allocatedTo?: string;
  startedBy?: string;
  enabledAt: string;
  startedAt?: string;
  completedAt?: string;
  timerExpiresAt?: string;
  /** For `multiple` items: evaluated MI bounds. */
  multiInstance?: { minimum: number; maximum: number; threshold: number; dynamic: boolean };
}

export interface NetInstance {
  id: string;
  netId: string;
  /** The composite work item running this net; absent for the root net. */
  parentItemId?: string;
  status: 'running' | 'completed' | 'cancelled';
  /** Tokens per condition id; conditions without tokens are omitted. */
  marking: Record<string, number>;
  /** The net's data document (root = net id). */
  data: string;
}

export interface CaseState {
  caseId: string;
  specificationUri: string;
  specificationVersion: string;
  status: CaseStatus;
  /** The sequence number of the last event emitted for this case. */
  sequence: number;
  nextItemNumber: number;
  rootNetInstanceId: string;
  netInstances: Record<string, NetInstance>;
  workItems: Record<string, WorkItem>;
  startedAt: string;
  updatedAt: string;
  endedAt?: string;
  /** The root net's output parameters when completed. */
  outputData?: string;
}

interface CommandBase {
  /** The current time, ISO-8601: the engine's only clock. */
  now: string;
}

interface ItemCommand extends CommandBase {
  workItemId: string;
}

export type Command =
  | (CommandBase & { type: 'launchCase'; caseId: string; /** Root net input params, root element any name. */ input?: string })
  | (ItemCommand & { type: 'offerItem'; roles?: string[]; participants?: string[] })
  | (ItemCommand & { type: 'allocateItem'; participant: string })
  | (ItemCommand & { type: 'startItem'; participant?: string })
  | (ItemCommand & { type: 'completeItem'; /** Output document (root = decomposition id). */ output?: string })
  | (ItemCommand & { type: 'suspendItem' })
  | (ItemCommand & { type: 'resumeItem' })
  | (ItemCommand & { type: 'skipItem' })
  | (ItemCommand & { type: 'cancelItem' })
  | (ItemCommand & { type: 'timerExpired' })
  | (ItemCommand & { type: 'addInstance'; /** The new instance's formal input param element. */ input: string })
  | (CommandBase & { type: 'suspendCase' })
  | (CommandBase & { type: 'resumeCase' })
  | (CommandBase & { type: 'cancelCase' });

export type CommandType = Command['type'];

export type EngineEventType =
  | 'case.started'
  | 'case.completed'
  | 'case.cancelled'
  | 'case.suspended'
  | 'case.resumed'
  | 'case.deadlocked'
  | 'workitem.enabled'
  | 'workitem.offered'
  | 'workitem.allocated'
  | 'workitem.started'
  | 'workitem.completed'
  | 'workitem.skipped'
  | 'workitem.cancelled'
  | 'workitem.withdrawn'
  | 'workitem.suspended'
  | 'workitem.resumed'
  | 'workitem.timer-expired';

export interface EngineEvent {
  /** Per case, from 1, gap-free. */
  sequence: number;
  type: EngineEventType;
  caseId: string;
  at: string;
  netInstanceId?: string;
  workItemId?: string;
  taskId?: string;
  /** Data carried by the event: a completed item's output, a completed case's output. */
  data?: string;
  participant?: string;
  roles?: string[];
  participants?: string[];
  /**
   * Timer expiry: what the engine did with the item; absent when it could do neither (an
   * output-only parameter without a default), so the item stays as it was, as in YAWL.
   */
  outcome?: 'skipped' | 'force-completed';
  /** Deadlock: the conditions still holding tokens, as `netInstanceId/conditionId`. */
  markedConditions?: string[];
  /** Why an item was cancelled or withdrawn, e.g. `cancellation-set:T`. */
  reason?: string;
}

export type EngineErrorCode =
  | 'INVALID_TRANSITION'
  | 'UNKNOWN_WORK_ITEM'
  | 'CASE_NOT_FOUND'
  | 'CASE_ALREADY_LAUNCHED'
  | 'CASE_NOT_RUNNING'
  | 'EVALUATION_ERROR'
  | 'MI_BOUNDS'
  | 'TIMER_NOT_DUE'
  /** A late-bound timer's net variable holds no valid timer record when the timer is due to start. */
  | 'TIMER_INVALID'
  | 'INVALID_SPECIFICATION'
  | 'LIVELOCK';

export interface EngineErrorInfo {
  code: EngineErrorCode;
  message: string;
}

export type EngineResult =
  | { ok: true; state: CaseState; events: EngineEvent[] }
  /** The state is the one passed in, untouched. */
  | { ok: false; error: EngineErrorInfo; state: CaseState | undefined };

/** Thrown inside the engine, turned into an `ok: false` result at the entry point. */
export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** Item statuses after which nothing more happens to the item. */
export const TERMINAL_STATUSES: readonly WorkItemStatus[] = ['completed', 'skipped', 'cancelled', 'withdrawn'];
/** Item statuses before start: the item still waits on its tokens. */
export const PRE_START_STATUSES: readonly WorkItemStatus[] = ['enabled', 'offered', 'allocated'];

export function isLive(item: WorkItem): boolean {
  return !TERMINAL_STATUSES.includes(item.status);
}

/** Whether the item has not started yet (looking through a suspension). */
export function isPreStart(item: WorkItem): boolean {
  const status = item.status === 'suspended' ? item.suspendedFrom : item.status;
  return status !== undefined && PRE_START_STATUSES.includes(status);
}
