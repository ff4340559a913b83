import { unauthenticated } from '@flowgraph/shared';
import type { Context } from '../context.js';
import { NoticeQueue } from '../data/case-event-feed.js';
import { mayChangeQueue, queueEntry, workQueueChange, type QueueOwner } from '../domain/work-queue.js';
import type { SubscriptionResolvers, WorkQueueChangeResolvers } from '../generated/resolvers-types.js';
import type { WorkQueueChangeModel } from '../mappers.js';
import { isOverflow, releasing, slowConsumer, type Delivery } from './subscription-stream.js';
import { encodeEventCursor } from './event-cursors.js';

/**
 * Follows the feed for one user. `known` holds what the user was last told about each item in
 * their queue. Each event is judged on the item as read now rather than on what the event says, so
 * events that arrive late, twice, or several per command (`enabled` then `offered`) settle on the
 * item's actual state and report each change once; a change read early leaves nothing for the
 * events behind it to report.
 */
async function* workQueueStream(ctx: Context, owner: QueueOwner, known: Map<string, string>, queue: NoticeQueue): AsyncGenerator<Delivery<WorkQueueChangeModel>> {
  for (;;) {
    const next = await queue.take();
    if (next.kind === 'closed') return;
    if (next.kind === 'overflow') {
      yield { overflow: true };
      return;
    }
    const { notice } = next;
    const workItemId = notice.workItemId;
    if (!workItemId || !mayChangeQueue(notice.type, known.has(workItemId))) continue;
    // The context (and its loaders) lives as long as the subscription: read the case fresh per event.
    ctx.loaders.case.clear(notice.caseId);
    const caseRow = await ctx.loaders.case.load(notice.caseId);
    const item = caseRow?.state.workItems[workItemId];
    if (!caseRow || !item) continue;
    const change = workQueueChange(known.get(workItemId), item, owner);
    if (!change) continue;
    if (change.entry === undefined) known.delete(workItemId);
    else known.set(workItemId, change.entry);
    yield { kind: change.kind, workItem: { item, caseRow }, notice };
  }
}

async function subscribe(ctx: Context): Promise<AsyncIterableIterator<Delivery<WorkQueueChangeModel>>> {
  if (ctx.auth.kind !== 'user') throw unauthenticated();
  const { tenantId, userId, roles } = ctx.auth;
  const owner: QueueOwner = { userId, roles };
  const queue = new NoticeQueue(ctx.subscriptionBufferLimit);
  // Listen before reading the queue: what commits meanwhile is buffered, then judged on the item as read after.
  const unlisten = ctx.feed.listen((notice) => {
    if (notice.tenantId === tenantId && notice.workItemId) queue.push(notice);
  });
  const stop = () => {
    unlisten();
    queue.close();
  };
  try {
    const rows = await ctx.readCases((store) => store.queue(tenantId, userId, roles));
    const known = new Map(
      rows.map((row) => [
        row.id,
        queueEntry({ status: row.status, offeredTo: { roles: row.offeredRoles, participants: row.offeredParticipants }, allocatedTo: row.allocatedTo, startedBy: row.startedBy }),
      ]),
    );
    return releasing(workQueueStream(ctx, owner, known, queue), stop);
  } catch (error) {
    stop();
    throw error;
  }
}

export const workQueueSubscription: Pick<SubscriptionResolvers, 'workQueueChanged'> = {
  workQueueChanged: {
    subscribe: (_parent, _args, ctx) => subscribe(ctx),
    resolve: (delivery: Delivery<WorkQueueChangeModel>, _args: unknown, ctx: Context) => {
      if (isOverflow(delivery)) throw slowConsumer('resubscribe, then read workQueue again', ctx.subscriptionBufferLimit);
      return delivery;
    },
  },
};

export const workQueueChangeResolvers: WorkQueueChangeResolvers = {
  eventType: (change) => change.notice.type,
  occurredAt: (change) => change.notice.occurredAt,
  cursor: (change) => encodeEventCursor(change.notice),
};
