import { badUserInput, notFound, parseId } from '@flowgraph/shared';
import type { Context } from '../context.js';
import { NoticeQueue } from '../data/case-event-feed.js';
import type { CaseEventNotificationResolvers, SubscriptionCaseEventsArgs, SubscriptionResolvers } from '../generated/resolvers-types.js';
import type { CaseEventNotice } from '../mappers.js';
import { caseEventStream, ofTenant, tenantEventStream, type EventFilter } from './case-event-streams.js';
import { decodeEventCursor, encodeEventCursor } from './event-cursors.js';
import { isOverflow, releasing, slowConsumer, type Delivery } from './subscription-stream.js';
import { actorOf, visibleItem } from './support.js';

/** Where the stream starts: in one case (a sequence), or in the tenant's stream (a position; absent: from now). */
function startOf(tenantId: string, caseId: string | undefined, after: string | null | undefined): { sequence: number } | { position: number | undefined } {
  const cursor = after ? decodeEventCursor(after) : undefined;
  if (caseId) {
    if (cursor?.kind === 'tenant') throw badUserInput('after is a cursor of a subscription without caseId; pass it without caseId', 'after');
    if (cursor && cursor.caseId !== caseId) throw badUserInput('after is a cursor of another case', 'after');
    // Without `after`, a case is followed from its beginning, so events between launch and subscribe are not lost.
    return { sequence: cursor?.sequence ?? 0 };
  }
  if (cursor?.kind === 'case') throw badUserInput('after is a cursor of one case; pass that case as caseId too', 'after');
  if (cursor && cursor.tenantId !== tenantId) throw badUserInput('after is a cursor issued to another tenant', 'after');
  return { position: cursor?.position };
}

function subscribe(ctx: Context, args: Partial<SubscriptionCaseEventsArgs>): Promise<AsyncIterableIterator<Delivery<CaseEventNotice>>> {
  return (async () => {
    const { tenantId } = actorOf(ctx);
    const caseId = args.caseId ? parseId(args.caseId, 'caseId') : undefined;
    const start = startOf(tenantId, caseId, args.after);
    // Another tenant's case reads as not found, like everywhere else.
    if (caseId && !(await ctx.loaders.case.load(caseId))) throw notFound('Case', caseId);
    const filter: EventFilter = {
      tenantId,
      caseId,
      specificationId: args.specificationId ? parseId(args.specificationId, 'specificationId') : undefined,
      types: args.types?.length ? new Set(args.types) : undefined,
    };
    const queue = new NoticeQueue(ctx.subscriptionBufferLimit);
    // A tenant-wide stream catches up from the log first, which has whatever the feed delivers
    // meanwhile: the queue takes nothing until the stream has caught up (see tenantEventStream).
    if (!caseId) queue.admit(() => false);
    // Listen before reading the log: whatever commits during a case's replay is buffered, not lost.
    const unlisten = ctx.feed.listen((notice) => {
      if (ofTenant(filter, notice) && (!caseId || notice.caseId === caseId)) queue.push(notice);
    });
    const stop = () => {
      unlisten();
      queue.close();
    };
    try {
      const stream =
        'sequence' in start
          ? caseEventStream(ctx, { ...filter, caseId: caseId! }, start.sequence, queue)
          : tenantEventStream(ctx, filter, start.position ?? (await ctx.readCases((store, tenant) => store.lastPosition(tenant))), queue);
      return releasing(stream, stop);
    } catch (error) {
      stop();
      throw error;
    }
  })();
}

export const subscriptionResolvers: Pick<SubscriptionResolvers, 'caseEvents'> = {
  caseEvents: {
    subscribe: (_parent, args, ctx) => subscribe(ctx, args),
    resolve: (delivery: Delivery<CaseEventNotice>, _args: unknown, ctx: Context) => {
      if (isOverflow(delivery)) throw slowConsumer('resubscribe with the last cursor', ctx.subscriptionBufferLimit);
      // The context (and its loaders) lives as long as the subscription: read the case fresh per event.
      ctx.loaders.case.clear(delivery.caseId);
      return delivery;
    },
  },
};

export const caseEventNotificationResolvers: CaseEventNotificationResolvers = {
  cursor: (notice) => notice.cursor ?? encodeEventCursor(notice),
  // The case as it is when the event is delivered (see `resolve` above).
  case: async (notice, _args, ctx) => {
    const row = await ctx.loaders.case.load(notice.caseId);
    if (!row) throw notFound('Case', notice.caseId);
    return row;
  },
  workItem: async (notice, _args, ctx) => {
    if (!notice.workItemId) return null;
    const caseRow = await ctx.loaders.case.load(notice.caseId);
    return caseRow ? visibleItem(caseRow, notice.workItemId) : null;
  },
};
