import { badUserInput, notFound, parseId } from '@flowgraph/shared';
import type { Context } from '../context.js';
import { NoticeQueue, noticeFromRow } from '../data/case-event-feed.js';
import type { CaseEventNotificationResolvers, SubscriptionCaseEventsArgs, SubscriptionResolvers } from '../generated/resolvers-types.js';
import type { CaseEventNotice } from '../mappers.js';
import { isOverflow, releasing, slowConsumer, type Delivery } from './subscription-stream.js';
import { actorOf } from './support.js';

interface EventCursor {
  caseId: string;
  sequence: number;
}

export function encodeEventCursor(notice: Pick<CaseEventNotice, 'caseId' | 'sequence'>): string {
  return Buffer.from(JSON.stringify(['ce', notice.caseId, notice.sequence])).toString('base64url');
}

export function decodeEventCursor(cursor: string): EventCursor {
  try {
    const [tag, caseId, sequence] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (tag === 'ce' && typeof caseId === 'string' && Number.isSafeInteger(sequence) && (sequence as number) >= 0) {
      return { caseId: parseId(caseId, 'after'), sequence: sequence as number };
    }
  } catch {
    // fall through: any malformed cursor is the caller's mistake
  }
  throw badUserInput('after is not a cursor returned by caseEvents', 'after');
}

interface Filter {
  tenantId: string;
  caseId?: string | undefined;
  specificationId?: string | undefined;
  types?: ReadonlySet<string> | undefined;
}

const inScope = (filter: Filter, notice: CaseEventNotice) =>
  notice.tenantId === filter.tenantId && (!filter.caseId || notice.caseId === filter.caseId) && (!filter.specificationId || notice.specificationId === filter.specificationId);

/**
 * Replays the log, then follows the feed. Ordering holds per case through a high-water mark:
 * live events at or below it were already delivered (by the replay or by at-least-once
 * redelivery) and are dropped; an event above mark + 1 means some were missed, and the gap is
 * read from the log, which is gap-free per case, before going on.
 */
async function* caseEventStream(ctx: Context, filter: Filter, replay: EventCursor | undefined, queue: NoticeQueue): AsyncGenerator<Delivery<CaseEventNotice>> {
  const highWater = new Map<string, number>();
  const specificationOfCase = new Map<string, string>();
  const wanted = (notice: CaseEventNotice) => !filter.types || filter.types.has(notice.type);

  async function* fromLog(caseId: string, after: number, upTo = Number.POSITIVE_INFINITY): AsyncGenerator<Delivery<CaseEventNotice>> {
    let specificationId = specificationOfCase.get(caseId);
    if (!specificationId) {
      const row = await ctx.readCases((store, tenantId) => store.byId(tenantId, caseId));
      if (!row) return;
      specificationId = row.specificationId;
      specificationOfCase.set(caseId, specificationId);
    }
    const rows = await ctx.readCases((store, tenantId) => store.history(tenantId, caseId, after));
    highWater.set(caseId, Math.max(after, highWater.get(caseId) ?? 0));
    for (const row of rows) {
      if (row.sequence > upTo) break;
      const notice = noticeFromRow(row, specificationId);
      highWater.set(caseId, row.sequence);
      if (inScope(filter, notice) && wanted(notice)) yield notice;
    }
  }

  if (replay) {
    // Marks first, so live events the replay already covers are dropped however they interleave.
    highWater.set(replay.caseId, replay.sequence);
    yield* fromLog(replay.caseId, replay.sequence);
  }
  for (;;) {
    const item = await queue.take();
    if (item.kind === 'closed') return;
    if (item.kind === 'overflow') {
      yield { overflow: true };
      return;
    }
    const { notice } = item;
    specificationOfCase.set(notice.caseId, notice.specificationId);
    const mark = highWater.get(notice.caseId);
    if (mark !== undefined && notice.sequence <= mark) continue;
    if (mark !== undefined && notice.sequence > mark + 1) {
      yield* fromLog(notice.caseId, mark, notice.sequence);
      continue;
    }
    highWater.set(notice.caseId, notice.sequence);
    if (wanted(notice)) yield notice;
  }
}

function subscribe(ctx: Context, args: Partial<SubscriptionCaseEventsArgs>): Promise<AsyncIterableIterator<Delivery<CaseEventNotice>>> {
  return (async () => {
    const { tenantId } = actorOf(ctx);
    const caseId = args.caseId ? parseId(args.caseId, 'caseId') : undefined;
    const after = args.after ? decodeEventCursor(args.after) : undefined;
    if (caseId && after && after.caseId !== caseId) throw badUserInput('after is a cursor of another case', 'after');
    // Another tenant's case reads as not found, like everywhere else.
    if (caseId && !(await ctx.loaders.case.load(caseId))) throw notFound('Case', caseId);
    const filter: Filter = {
      tenantId,
      caseId,
      specificationId: args.specificationId ? parseId(args.specificationId, 'specificationId') : undefined,
      types: args.types?.length ? new Set(args.types) : undefined,
    };
    const queue = new NoticeQueue(ctx.subscriptionBufferLimit);
    // Listen before reading the log: whatever commits during the replay is buffered, not lost.
    const unlisten = ctx.feed.listen((notice) => {
      if (inScope(filter, notice)) queue.push(notice);
    });
    // A case subscription without `after` starts at the case's beginning, so events between launch and subscribe are not lost.
    const replay = after ?? (caseId ? { caseId, sequence: 0 } : undefined);
    return releasing(caseEventStream(ctx, filter, replay, queue), () => {
      unlisten();
      queue.close();
    });
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
  cursor: (notice) => encodeEventCursor(notice),
  // The case as it is when the event is delivered (see `resolve` above).
  case: async (notice, _args, ctx) => {
    const row = await ctx.loaders.case.load(notice.caseId);
    if (!row) throw notFound('Case', notice.caseId);
    return row;
  },
  workItem: async (notice, _args, ctx) => {
    if (!notice.workItemId) return null;
    const caseRow = await ctx.loaders.case.load(notice.caseId);
    const item = caseRow?.state.workItems[notice.workItemId];
    return caseRow && item ? { item, caseRow } : null;
  },
};
