import type { EngineEventType, WorkItemKind } from '@flowgraph/yawl';

/** Whose queue: a user and the roles their token carries. */
export interface QueueOwner {
  userId: string;
  roles: readonly string[];
}

/** The parts of a work item that decide whose queue it is in; both the engine's item and the projection row provide them. */
export interface QueueFacts {
  /** The engine's kind of item; absent counts as atomic. */
  kind?: WorkItemKind | undefined;
  /** A `WorkItemStatus`; the projection row holds it as plain text. */
  status: string;
  offeredTo?: { roles: readonly string[]; participants: readonly string[] } | undefined;
  allocatedTo?: string | null | undefined;
  startedBy?: string | null | undefined;
}

/**
 * Whether an offer reaches the owner: it names their id or one of their roles, or names nobody
 * in particular (then the item is open to the whole tenant). Shared with the work-item access
 * rule, so that whoever sees an open item in their queue may also claim it, and nobody else.
 */
export function offerIncludes(offeredTo: QueueFacts['offeredTo'], owner: QueueOwner): boolean {
  const roles = offeredTo?.roles ?? [];
  const participants = offeredTo?.participants ?? [];
  if (roles.length === 0 && participants.length === 0) return true;
  return participants.includes(owner.userId) || roles.some((role) => owner.roles.includes(role));
}

/**
 * The kinds of item people work on: atomic tasks and MI instances. A composite task's item and an
 * MI parent are the engine's, as in YAWL: it starts them itself, and only the subnet's items or
 * the instances reach queues.
 */
export const QUEUED_KINDS: readonly WorkItemKind[] = ['atomic', 'instance'];

export function isPeoplesWork(item: Pick<QueueFacts, 'kind'>): boolean {
  return QUEUED_KINDS.includes(item.kind ?? 'atomic');
}

/**
 * Whether the item is in the owner's work queue. The rule `CaseStore.queue` applies in SQL to the
 * projection: an item people work on (`QUEUED_KINDS`), enabled or offered to the owner's id, to one of their roles, or to nobody in
 * particular (then open to the whole tenant); allocated to them; started by them.
 */
export function inWorkQueue(item: QueueFacts, owner: QueueOwner): boolean {
  if (!isPeoplesWork(item)) return false;
  switch (item.status) {
    case 'enabled':
    case 'offered':
      return offerIncludes(item.offeredTo, owner);
    case 'allocated':
      return item.allocatedTo === owner.userId;
    case 'started':
      return item.startedBy === owner.userId;
    default:
      return false;
  }
}

/**
 * What a subscriber was last told about an item in their queue, as a comparable string: a second
 * event that leaves these facts as they were (the `offered` right after `enabled`, an event
 * redelivered by the bus) is no change to report.
 */
export function queueEntry(item: QueueFacts): string {
  const offered = item.offeredTo ? [...item.offeredTo.roles].sort().join(',') + '|' + [...item.offeredTo.participants].sort().join(',') : '|';
  return [item.status, offered, item.allocatedTo ?? '', item.startedBy ?? ''].join('|');
}

export type WorkQueueChangeKind = 'ADDED' | 'UPDATED' | 'REMOVED';

/**
 * Compares the item as it is now with what the subscriber was last told about it (`known`, the
 * `queueEntry` reported, or undefined when it was not in their queue), and says what to report
 * and what to remember next (`entry` undefined: forget the item). Undefined when nothing changed
 * for this subscriber.
 */
export function workQueueChange(known: string | undefined, item: QueueFacts, owner: QueueOwner): { kind: WorkQueueChangeKind; entry: string | undefined } | undefined {
  const inQueue = inWorkQueue(item, owner);
  if (known === undefined) return inQueue ? { kind: 'ADDED', entry: queueEntry(item) } : undefined;
  if (!inQueue) return { kind: 'REMOVED', entry: undefined };
  const entry = queueEntry(item);
  return entry === known ? undefined : { kind: 'UPDATED', entry };
}

/** After these an item is over: it cannot enter anyone's queue. */
const ENDING_EVENTS: ReadonlySet<string> = new Set<EngineEventType>(['workitem.completed', 'workitem.skipped', 'workitem.cancelled', 'workitem.withdrawn', 'workitem.timer-expired']);

/**
 * Whether an event about an item may change the subscriber's queue, so the item must be read.
 * An ending event matters only for an item in their queue; any other may bring the item in.
 */
export function mayChangeQueue(eventType: string, inQueue: boolean): boolean {
  return inQueue || !ENDING_EVENTS.has(eventType);
}
