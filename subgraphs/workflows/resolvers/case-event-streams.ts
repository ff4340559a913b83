import type { Context } from '../context.js';
import { noticeFromRow, type NoticeQueue } from '../data/case-event-feed.js';
import type { CaseEventNotice } from '../mappers.js';
import { encodeTenantCursor } from './event-cursors.js';
import type { Delivery } from './subscription-stream.js';

export interface EventFilter {
  tenantId: string;
  caseId?: string | undefined;
  specificationId?: string | undefined;
  types?: ReadonlySet<string> | undefined;
}

/** Events read from the log per query while a tenant-wide stream catches up. */
const LOG_PAGE = 500;
/** How long a tenant-wide stream waits for a missing position to arrive live before reading it from the log. */
const REORDER_WAIT_MS = 100;
/** Events held ahead of a missing position at most; past that the log is read at once. */
const REORDER_LIMIT = 256;

export const ofTenant = (filter: EventFilter, notice: CaseEventNotice) => notice.tenantId === filter.tenantId;

const inScope = (filter: EventFilter, notice: CaseEventNotice) =>
  ofTenant(filter, notice) && (!filter.caseId || notice.caseId === filter.caseId) && (!filter.specificationId || notice.specificationId === filter.specificationId);

const wanted = (filter: EventFilter, notice: CaseEventNotice) => inScope(filter, notice) && (!filter.types || filter.types.has(notice.type));

/**
 * One case: replays its log from `after`, then follows the feed. Ordering holds through a
 * high-water mark: live events at or below it were already delivered (by the replay or by
 * at-least-once redelivery) and are dropped; an event above mark + 1 means some were missed,
 * and the gap is read from the log, which is gap-free per case, before going on.
 */
export async function* caseEventStream(ctx: Context, filter: EventFilter & { caseId: string }, after: number, queue: NoticeQueue): AsyncGenerator<Delivery<CaseEventNotice>> {
  const row = await ctx.readCases((store, tenantId) => store.byId(tenantId, filter.caseId));
  if (!row) return;
  const { specificationId } = row;
  let mark = after;

  async function* fromLog(upTo = Number.POSITIVE_INFINITY): AsyncGenerator<CaseEventNotice> {
    const rows = await ctx.readCases((store, tenantId) => store.history(tenantId, filter.caseId, mark));
    for (const event of rows) {
      if (event.sequence > upTo) break;
      mark = event.sequence;
      const notice = noticeFromRow(event, specificationId);
      if (wanted(filter, notice)) yield notice;
    }
  }

  // The queue already listens, so whatever commits during the replay is buffered, not lost.
  yield* fromLog();
  for (;;) {
    const item = await queue.take();
    if (item.kind === 'closed') return;
    if (item.kind === 'overflow') {
      yield { overflow: true };
      return;
    }
    const { notice } = item;
    if (notice.caseId !== filter.caseId || notice.sequence <= mark) continue;
    if (notice.sequence > mark + 1) {
      yield* fromLog(notice.sequence);
      continue;
    }
    mark = notice.sequence;
    if (wanted(filter, notice)) yield notice;
  }
}

/**
 * Every case of the tenant, from stream position `after`: the log first, then the feed. Each
 * event carries its position, handed out after commit without gaps (case-event-sequencer.ts),
 * so the stream needs one mark, not one per case: a live event at or below it is a repeat; one
 * above mark + 1 proves the positions between are committed. They usually arrive from the feed
 * a moment later (held back meanwhile); if not within REORDER_WAIT_MS, they are read from the log.
 * The queue holds all of the tenant's events, not only the wanted ones, so that a filtered-out
 * event is not mistaken for a gap. Each delivered event's cursor is its position.
 */
export async function* tenantEventStream(ctx: Context, filter: EventFilter, after: number, queue: NoticeQueue): AsyncGenerator<Delivery<CaseEventNotice>> {
  let mark = after;
  const stamped = (notice: CaseEventNotice): CaseEventNotice => ({ ...notice, cursor: encodeTenantCursor(filter.tenantId, mark) });

  /** One page of the log after the mark (up to `upTo`): yields the wanted events, returns how many rows it read. */
  async function* page(upTo: number | undefined): AsyncGenerator<CaseEventNotice, number> {
    const rows = await ctx.readCases((store, tenantId) => store.tenantLog(tenantId, mark, upTo, LOG_PAGE));
    for (const row of rows) {
      mark = row.position ?? mark;
      const notice = noticeFromRow(row, row.specificationId);
      if (wanted(filter, notice)) yield stamped(notice);
    }
    return rows.length;
  }

  /** The log after the mark (up to `upTo`), to its end as last read. */
  async function* fromLog(upTo?: number): AsyncGenerator<CaseEventNotice> {
    while ((yield* page(upTo)) === LOG_PAGE);
  }

  // Catching up, the log has whatever the feed delivers meanwhile, so the queue takes nothing
  // (the caller sets it so before listening) rather than buffering it; afterwards it takes only
  // events past the mark, not the feed's copies of what was read from the log. So neither a
  // replay of any length nor its echo can overflow the queue: only a client reading slower than
  // live events arrive can. The second read follows the switch back to the feed, so an event
  // published in between is in that read or in the queue, or both (the mark drops repeats).
  queue.admit(() => false);
  yield* fromLog();
  queue.admit((notice) => notice.position !== null && notice.position > mark);
  yield* fromLog();
  // Events that came ahead of a position not seen yet. Kafka keeps order per partition only, and a
  // tenant's cases spread over partitions, so these are common and usually filled within a fetch
  // or two: waiting a moment saves each subscription a read of the log.
  const early = new Map<number, CaseEventNotice>();
  let gapSince = 0;
  /** The gap did not fill from the feed: the log has it, as every published position is committed. */
  async function* fillFromLog(): AsyncGenerator<CaseEventNotice> {
    const upTo = Math.max(...early.keys());
    early.clear();
    yield* fromLog(upTo);
  }
  for (;;) {
    const item = await queue.take(early.size > 0 ? Math.max(0, gapSince + REORDER_WAIT_MS - Date.now()) : undefined);
    if (item.kind === 'closed') return;
    if (item.kind === 'overflow') {
      yield { overflow: true };
      return;
    }
    if (item.kind === 'timeout') {
      yield* fillFromLog();
      continue;
    }
    const { notice } = item;
    // Unsequenced events are never published; one without a position can only come from an older producer.
    if (notice.position === null || notice.position <= mark) continue;
    if (notice.position > mark + 1) {
      if (early.size === 0) gapSince = Date.now();
      early.set(notice.position, notice);
      if (early.size > REORDER_LIMIT) yield* fillFromLog();
      continue;
    }
    for (let next: CaseEventNotice | undefined = notice; next?.position; next = early.get(mark + 1)) {
      early.delete(next.position);
      mark = next.position;
      if (wanted(filter, next)) yield stamped(next);
    }
  }
}
