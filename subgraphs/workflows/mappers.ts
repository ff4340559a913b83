import type { CaseRow } from './data/schema.js';
import type { WorkQueueChangeKind } from './domain/work-queue.js';
import type { WorkItem } from '@flowgraph/yawl';

/** A user known to this subgraph only by id; identity resolves the rest. */
export interface UserReference {
  id: string;
}

/** A work item as the engine holds it, with the case it belongs to. */
export interface WorkItemModel {
  item: WorkItem;
  caseRow: CaseRow;
}

/** A case event as the `caseEvents` subscription delivers it, from the event log or the bus. */
export interface CaseEventNotice {
  tenantId: string;
  caseId: string;
  specificationId: string;
  sequence: number;
  type: string;
  occurredAt: Date;
  workItemId: string | null;
  taskId: string | null;
  /** Its place in the tenant's stream (see `caseEvents.position` in the data schema). */
  position: number | null;
  /** The cursor to hand out with it, when the stream delivering it issues its own kind (tenant-wide streams do). */
  cursor?: string;
}

/** A change to one user's work queue as `workQueueChanged` delivers it: the item as read for it, and the event that caused it. */
export interface WorkQueueChangeModel {
  kind: WorkQueueChangeKind;
  workItem: WorkItemModel;
  notice: CaseEventNotice;
}
