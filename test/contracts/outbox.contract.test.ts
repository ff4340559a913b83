import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { KafkaEventBus, MemoryEventBus, OutboxRelay, createEnvelope, createLogger, enqueueEvents, outboxInsert, type EventBus, type EventEnvelope } from '@flowgraph/shared';
import { outbox, specifications } from '../../subgraphs/workflows/data/schema.js';
import { workflowsSubgraph } from '../../subgraphs/workflows/index.js';
import { databaseImplementations, type DisposableDatabase } from '../support/databases.js';
import { requireService } from '../support/services.js';

const logger = createLogger('outbox-test', 'silent');
const buses: [string, () => EventBus][] = [
  ['memory bus', () => new MemoryEventBus()],
  ['kafka', () => new KafkaEventBus({ brokers: requireService('KAFKA_BROKERS').split(','), clientId: 'outbox-contract' })],
];
const combinations = databaseImplementations.flatMap(([db, openDb]) => buses.map(([bus, openBus]) => [`${db} + ${bus}`, openDb, openBus] as const));

/** A bus that dies after publishing `limit` events, as a relay process killed mid-batch would. */
function dyingBus(inner: EventBus, limit: number): EventBus {
  let published = 0;
  return {
    ...inner,
    publish: async (topic, events) => {
      for (const event of events) {
        if (published >= limit) throw new Error('relay killed');
        await inner.publish(topic, [event]);
        published++;
      }
    },
    close: async () => undefined,
  };
}

describe.each(combinations)('Outbox contract: %s', (_name, openDb, openBus) => {
  let scratch: DisposableDatabase;
  let bus: EventBus;
  beforeAll(async () => {
    scratch = await openDb();
    bus = openBus();
    await scratch.database.migrate('workflows', workflowsSubgraph().migrationsFolder);
  });
  afterAll(async () => {
    await bus.close();
    await scratch.dispose();
  });

  const envelopes = (topic: string, n: number) =>
    Array.from({ length: n }, (_, seq) => createEnvelope({ type: 'test.seq', source: 'outbox-test', tenantId: randomUUID(), key: `case-${seq % 3}`, data: { seq, topic } }));

  async function collect(topic: string): Promise<{ received: EventEnvelope[]; close: () => Promise<void> }> {
    const received: EventEnvelope[] = [];
    const sub = await bus.subscribe({ groupId: `g-${randomUUID()}`, topic, handler: async (e) => void received.push(e) });
    return { received, close: () => sub.close() };
  }

  it('writes events with the state change, or not at all', async () => {
    const topic = `outbox.${randomUUID()}`;
    const [kept, dropped] = [envelopes(topic, 1), envelopes(topic, 1)];
    const row = { tenantId: randomUUID(), identifier: `urn:${randomUUID()}`, version: '1', uri: 'urn:outbox', name: 'x', createdBy: randomUUID() };
    await scratch.database.db.transaction(async (tx) => {
      await tx.insert(specifications).values({ ...row, id: randomUUID() });
      await enqueueEvents(tx, outbox, topic, kept);
    });
    await expect(
      scratch.database.db.transaction(async (tx) => {
        await enqueueEvents(tx, outbox, topic, dropped);
        await tx.insert(specifications).values({ ...row, id: randomUUID() }); // violates the version's uniqueness
      }),
    ).rejects.toThrow();
    const sink = await collect(topic);
    await new OutboxRelay({ db: scratch.database.db, outbox, bus, logger }).drain();
    await expect.poll(() => sink.received.length, { timeout: 20_000 }).toBe(1);
    await sink.close();
    expect(sink.received[0]!.id).toBe(kept[0]!.id);
  });

  it('embedded in a larger statement, enqueues in the given order only when its guard holds', async () => {
    const topic = `outbox.${randomUUID()}`;
    const [kept, guarded] = [envelopes(topic, 5), envelopes(topic, 2)];
    await scratch.database.db.execute(sql`with written as (select 1), queued as (${outboxInsert(outbox, topic, kept, sql`exists (select 1 from written)`)}) select 1`);
    await scratch.database.db.execute(sql`with written as (select 1 where false), queued as (${outboxInsert(outbox, topic, guarded, sql`exists (select 1 from written)`)}) select 1`);
    const queued = await scratch.database.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.topic, topic)).orderBy(asc(outbox.seq));
    // The relay publishes by sequence, so sequence order is publication order.
    expect(queued.map((row) => row.id)).toEqual(kept.map((e) => e.id));
    // Publish them, so the suites after this one start from an empty outbox.
    expect(await new OutboxRelay({ db: scratch.database.db, outbox, bus, logger }).drain()).toBe(5);
  });

  it('holds back rows until their ready condition holds, which prepare brings about before each batch', async () => {
    const topic = `outbox.${randomUUID()}`;
    const queued = envelopes(topic, 3);
    await scratch.database.db.transaction((tx) => enqueueEvents(tx, outbox, topic, queued));
    const ready = sql`(${outbox.topic} <> ${topic} or ${outbox.envelope}->'data'->'stamp' is not null)`;
    const unsent = async () => (await scratch.database.db.select({ id: outbox.id }).from(outbox).where(sql`${outbox.topic} = ${topic} and ${outbox.publishedAt} is null`)).length;
    const sink = await collect(topic);

    await new OutboxRelay({ db: scratch.database.db, outbox, bus, logger, ready }).drain();
    expect(await unsent()).toBe(3);

    const stamp = () => scratch.database.db.execute(sql`update ${outbox} set envelope = jsonb_set(envelope, '{data,stamp}', to_jsonb(seq)) where topic = ${topic}`);
    expect(await new OutboxRelay({ db: scratch.database.db, outbox, bus, logger, ready, prepare: stamp }).drain()).toBe(3);
    expect(await unsent()).toBe(0);
    await expect.poll(() => sink.received.length, { timeout: 20_000 }).toBe(3);
    await sink.close();
    // What went out is the row as prepared, not as first enqueued.
    expect(sink.received.map((e) => typeof (e.data as { stamp?: unknown }).stamp)).toEqual(['number', 'number', 'number']);
  });

  it('publishes what commits while it is running once notified, without waiting for its next poll', async () => {
    const topic = `outbox.${randomUUID()}`;
    const sink = await collect(topic);
    // Only notify can wake it: the poll is a minute away.
    // A slow publish keeps each run going while the next transactions commit.
    const slowBus: EventBus = { ...bus, publish: async (t, events) => (await new Promise((resolve) => setTimeout(resolve, 300)), bus.publish(t, events)), close: async () => undefined };
    const relay = new OutboxRelay({ db: scratch.database.db, outbox, bus: slowBus, logger, pollIntervalMs: 60_000 });
    relay.start();
    const sent: EventEnvelope[] = [];
    for (let round = 0; round < 20; round++) {
      const batch = envelopes(topic, 3);
      await scratch.database.db.transaction((tx) => enqueueEvents(tx, outbox, topic, batch));
      sent.push(...batch);
      relay.notify();
    }
    await expect.poll(() => new Set(sink.received.map((e) => e.id)).size, { timeout: 20_000 }).toBe(sent.length);
    await relay.stop();
    await sink.close();
  });

  it('deletes published rows once they are older than it keeps them, and nothing unpublished or recent', async () => {
    const topic = `outbox.${randomUUID()}`;
    const [old, recent, waiting] = [envelopes(topic, 3), envelopes(topic, 2), envelopes(topic, 2)];
    await scratch.database.db.transaction((tx) => enqueueEvents(tx, outbox, topic, [...old, ...recent, ...waiting]));
    const relay = new OutboxRelay({ db: scratch.database.db, outbox, bus, logger, retainPublishedMs: 60_000 });
    const mark = (ids: EventEnvelope[], publishedAt: Date) =>
      scratch.database.db.update(outbox).set({ publishedAt }).where(inArray(outbox.id, ids.map((e) => e.id)));
    await mark(old, new Date(Date.now() - 120_000));
    await mark(recent, new Date(Date.now() - 1_000));
    expect(await relay.prune()).toBe(3);
    const left = await scratch.database.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.topic, topic));
    expect(left.map((row) => row.id).sort()).toEqual([...recent, ...waiting].map((e) => e.id).sort());
    // What remains unpublished still goes out.
    expect(await relay.drain()).toBeGreaterThanOrEqual(2);
  });

  it('loses nothing when the relay is killed mid-batch and restarted', async () => {
    const topic = `outbox.${randomUUID()}`;
    const sent = envelopes(topic, 25);
    await scratch.database.db.transaction((tx) => enqueueEvents(tx, outbox, topic, sent));
    const sink = await collect(topic);

    const crashed = new OutboxRelay({ db: scratch.database.db, outbox, bus: dyingBus(bus, 7), logger, batchSize: 10 });
    await expect(crashed.drain()).rejects.toThrow('relay killed');

    const restarted = new OutboxRelay({ db: scratch.database.db, outbox, bus, logger, batchSize: 10 });
    expect(await restarted.drain()).toBe(25);
    expect(await restarted.drain()).toBe(0);

    await expect.poll(() => new Set(sink.received.map((e) => e.id)).size, { timeout: 30_000 }).toBe(25);
    await sink.close();
    // The 7 published before the crash come again: at-least-once, deduplicated by id.
    expect(sink.received.length).toBe(32);
    const firstSeen = [...new Map(sink.received.map((e) => [e.id, e])).values()];
    for (const key of ['case-0', 'case-1', 'case-2']) {
      const seqs = firstSeen.filter((e) => e.key === key).map((e) => (e.data as { seq: number }).seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  });
});
