import { and, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import type { EventEnvelope } from '../events/envelope.js';
import type { EventBus } from '../events/event-bus.js';
import type { Logger } from '../logger.js';
import { PolledWorker } from '../workers/polled-worker.js';
import type { OutboxTable } from './outbox-table.js';

/** A transaction or the database itself: enqueueing only makes sense inside the caller's transaction. */
type Executor = Pick<Db, 'insert'>;

/** Records events to publish, in the caller's transaction, so they commit or roll back with the state change. */
export async function enqueueEvents(tx: Executor, outbox: OutboxTable, topic: string, events: readonly EventEnvelope[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(outbox).values(events.map((envelope) => ({ id: envelope.id, topic, key: envelope.key, envelope })));
}

/**
 * The same insert as `enqueueEvents`, as a statement to embed in a larger one (a data-modifying
 * CTE), so a hot path can write its state and its events in a single round trip. Rows are
 * inserted only when `guard` (a boolean SQL expression, e.g. `exists (select 1 from updated)`)
 * holds, and in the order given, which is the order the relay publishes them in.
 */
export function outboxInsert(outbox: OutboxTable, topic: string, events: readonly EventEnvelope[], guard: SQL = sql`true`): SQL {
  return sql`insert into ${outbox} (id, topic, key, envelope)
    select (e->>'id')::uuid, ${topic}, e->>'key', e
    from jsonb_array_elements(${JSON.stringify(events)}::jsonb) with ordinality as batch(e, n)
    where ${guard}
    order by n`;
}

export interface OutboxRelayOptions {
  db: Db;
  outbox: OutboxTable;
  bus: EventBus;
  logger: Logger;
  batchSize?: number;
  pollIntervalMs?: number;
  /**
   * Runs before each batch, outside its transaction, e.g. to stamp rows with what consumers
   * need before they may go out (workflows gives case events their stream position there).
   */
  prepare?: () => Promise<unknown>;
  /** Rows for which this SQL condition does not hold yet stay unsent until a later batch. */
  ready?: SQL;
  /**
   * How long published rows are kept (default a day), to look into what went out; older ones
   * are deleted about once a minute. Without this the outbox would grow by every event forever.
   */
  retainPublishedMs?: number;
}

const DEFAULT_RETAIN_PUBLISHED_MS = 24 * 60 * 60 * 1000;
const PRUNE_INTERVAL_MS = 60_000;
/** Rows deleted per statement: a large delete holds its locks and writes its WAL all at once. */
const PRUNE_BATCH = 1_000;

/**
 * Publishes committed outbox rows to the event bus, oldest first, and marks them sent.
 *
 * A batch is locked (`FOR UPDATE SKIP LOCKED`, so several relays can run), published, and
 * marked in one transaction. If the relay dies after publishing but before the commit, the
 * rows stay unsent and are published again: delivery is at-least-once and consumers dedupe
 * by event id. Nothing committed is ever lost.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly loop: PolledWorker;
  private prunedAt = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 100;
    this.loop = new PolledWorker({
      pass: () => this.pass(),
      intervalMs: options.pollIntervalMs ?? 250,
      logger: options.logger,
      failureMessage: 'outbox relay failed; retrying',
    });
  }

  /** Deletes rows published before `retainPublishedMs` ago, oldest first; resolves to how many. */
  async prune(now = new Date()): Promise<number> {
    const { db, outbox } = this.options;
    const cutoff = new Date(now.getTime() - (this.options.retainPublishedMs ?? DEFAULT_RETAIN_PUBLISHED_MS));
    let total = 0;
    for (;;) {
      // By sequence, which follows publication closely: the oldest published rows come first.
      const deleted = await db
        .delete(outbox)
        .where(inArray(outbox.seq, db.select({ seq: outbox.seq }).from(outbox).where(lt(outbox.publishedAt, cutoff)).orderBy(outbox.seq).limit(PRUNE_BATCH)))
        .returning({ seq: outbox.seq });
      total += deleted.length;
      if (deleted.length < PRUNE_BATCH) return total;
    }
  }

  /** Publishes one batch; resolves to how many events were sent. */
  async publishBatch(): Promise<number> {
    const { db, outbox, bus, prepare, ready } = this.options;
    await prepare?.();
    return db.transaction(async (tx) => {
      const rows = await tx
        .select({ seq: outbox.seq, topic: outbox.topic, envelope: outbox.envelope })
        .from(outbox)
        .where(ready ? and(isNull(outbox.publishedAt), ready) : isNull(outbox.publishedAt))
        .orderBy(outbox.seq)
        .limit(this.batchSize)
        .for('update', { skipLocked: true });
      if (rows.length === 0) return 0;
      // Consecutive rows of one topic go out together; topic switches keep the overall order.
      let start = 0;
      for (let i = 1; i <= rows.length; i++) {
        if (i === rows.length || rows[i]!.topic !== rows[start]!.topic) {
          await bus.publish(
            rows[start]!.topic,
            rows.slice(start, i).map((row) => row.envelope),
          );
          start = i;
        }
      }
      await tx
        .update(outbox)
        .set({ publishedAt: new Date() })
        .where(
          inArray(
            outbox.seq,
            rows.map((row) => row.seq),
          ),
        );
      return rows.length;
    });
  }

  /** Publishes batch after batch until one comes back short: then nothing more was ready when it was read. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.publishBatch();
      total += sent;
      if (sent < this.batchSize) return total;
    }
  }

  start(): void {
    this.loop.start();
  }

  /**
   * Asks for a run now, e.g. right after a transaction that enqueued events committed. During a
   * run, it asks for another one right after: the running one may have read before that commit.
   */
  notify(): void {
    this.loop.notify();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** A drain, and about once a minute a prune of what was published long enough ago. */
  private async pass(): Promise<void> {
    await this.drain();
    if (Date.now() - this.prunedAt >= PRUNE_INTERVAL_MS) {
      this.prunedAt = Date.now();
      await this.prune();
    }
  }
}
