import { CASE_EVENTS_TOPIC, LiveFeed, type EventBus, type EventEnvelope, type Logger } from '@flowgraph/shared';
import type { CaseEventNotice } from '../mappers.js';
import type { CaseEventRow } from './schema.js';

interface CaseEventData {
  caseId?: unknown;
  sequence?: unknown;
  specificationId?: unknown;
  workItemId?: unknown;
  taskId?: unknown;
  position?: unknown;
}

/** `workflow.workitem.completed` on the bus is `workitem.completed` in the log and the API. */
export function noticeFromEnvelope(envelope: EventEnvelope): CaseEventNotice | undefined {
  if (!envelope.type.startsWith('workflow.')) return undefined;
  const data = (envelope.data ?? {}) as CaseEventData;
  if (typeof data.caseId !== 'string' || typeof data.sequence !== 'number' || typeof data.specificationId !== 'string') return undefined;
  return {
    tenantId: envelope.tenantId,
    caseId: data.caseId,
    specificationId: data.specificationId,
    sequence: data.sequence,
    type: envelope.type.slice('workflow.'.length),
    occurredAt: new Date(envelope.occurredAt),
    workItemId: typeof data.workItemId === 'string' ? data.workItemId : null,
    taskId: typeof data.taskId === 'string' ? data.taskId : null,
    position: typeof data.position === 'number' ? data.position : null,
  };
}

export function noticeFromRow(row: CaseEventRow, specificationId: string): CaseEventNotice {
  return {
    tenantId: row.tenantId,
    caseId: row.caseId,
    specificationId,
    sequence: row.sequence,
    type: row.type,
    occurredAt: row.occurredAt,
    workItemId: row.event.workItemId ?? null,
    taskId: row.event.taskId ?? null,
    position: row.position,
  };
}

/**
 * The in-process fan-out behind `caseEvents`: every workflows instance sees every case event,
 * whichever instance committed it. What came before an instance started is replayed from the
 * Postgres event log, which subscriptions read themselves.
 */
export class CaseEventFeed extends LiveFeed<CaseEventNotice> {
  constructor(bus: EventBus, logger: Logger) {
    super(bus, logger, { topic: CASE_EVENTS_TOPIC, name: 'workflows-subscriptions', read: noticeFromEnvelope });
  }
}

export type QueueItem = { kind: 'notice'; notice: CaseEventNotice } | { kind: 'overflow' } | { kind: 'closed' } | { kind: 'timeout' };

/**
 * A bounded FIFO between the feed (push) and one subscription (pull). Overflowing it means the
 * client reads slower than events arrive; the subscription then ends rather than grow unbounded.
 */
export class NoticeQueue {
  private readonly items: CaseEventNotice[] = [];
  private waiter: ((item: QueueItem) => void) | undefined;
  private state: 'open' | 'overflow' | 'closed' = 'open';
  private admits: (notice: CaseEventNotice) => boolean = () => true;

  constructor(private readonly limit: number) {}

  /**
   * Which pushes are kept; the others are dropped before they take room. A stream that catches
   * up from a log holding everything the feed delivers meanwhile admits nothing until it has,
   * and after that nothing it has already delivered, so neither a long catch-up nor the feed's
   * copies of what it read from the log can overflow the queue.
   */
  admit(predicate: (notice: CaseEventNotice) => boolean): void {
    this.admits = predicate;
  }

  push(notice: CaseEventNotice): void {
    if (this.state !== 'open' || !this.admits(notice)) return;
    if (this.waiter) {
      const wake = this.waiter;
      this.waiter = undefined;
      wake({ kind: 'notice', notice });
      return;
    }
    if (this.items.length >= this.limit) {
      this.state = 'overflow';
      this.items.length = 0;
      return;
    }
    this.items.push(notice);
  }

  /** Ends a pending or future `take` with `closed`: the subscription was stopped by its client. */
  close(): void {
    this.state = 'closed';
    this.items.length = 0;
    const wake = this.waiter;
    this.waiter = undefined;
    wake?.({ kind: 'closed' });
  }

  /** The next item; with `timeoutMs`, `timeout` if none comes within it. */
  take(): Promise<Exclude<QueueItem, { kind: 'timeout' }>>;
  take(timeoutMs: number | undefined): Promise<QueueItem>;
  take(timeoutMs?: number): Promise<QueueItem> {
    const next = this.items.shift();
    if (next) return Promise.resolve({ kind: 'notice', notice: next });
    if (this.state !== 'open') return Promise.resolve({ kind: this.state });
    return new Promise((resolve) => {
      if (timeoutMs === undefined) {
        this.waiter = resolve;
        return;
      }
      const timer = setTimeout(() => {
        if (this.waiter !== wake) return;
        this.waiter = undefined;
        resolve({ kind: 'timeout' });
      }, timeoutMs);
      const wake = (item: QueueItem) => {
        clearTimeout(timer);
        resolve(item);
      };
      this.waiter = wake;
    });
  }

  get overflowed(): boolean {
    return this.state === 'overflow';
  }
}
