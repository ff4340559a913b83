import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { KafkaEventBus, MemoryEventBus, createEnvelope, deadLetterTopic, type EventBus, type EventEnvelope } from '@flowgraph/shared';
import { requireService } from '../support/services.js';

const implementations: [string, () => EventBus][] = [
  ['memory', () => new MemoryEventBus(3)],
  ['kafka', () => new KafkaEventBus({ brokers: requireService('KAFKA_BROKERS').split(','), clientId: 'contract-tests', partitions: 3, retryDelayMs: 20 })],
];

const event = (key: string, seq: number, type = 'test.happened'): EventEnvelope =>
  createEnvelope({ type, source: 'contract-test', tenantId: 't1', key, data: { seq } });

const waitFor = (predicate: () => boolean, timeoutMs = 30_000) =>
  expect.poll(predicate, { timeout: timeoutMs, interval: 50 }).toBe(true);

describe.each(implementations)('EventBus contract: %s', (_name, create) => {
  const bus = create();
  afterAll(() => bus.close());
  const topic = () => `contract.${randomUUID()}`;

  it('delivers every event once to a group, in order per key across partitions', async () => {
    const name = topic();
    const keys = ['case-a', 'case-b', 'case-c', 'case-d', 'case-e', 'case-f'];
    const sent = keys.flatMap((key) => Array.from({ length: 10 }, (_, seq) => event(key, seq)));
    await bus.publish(name, sent);
    const seen: EventEnvelope[] = [];
    const sub = await bus.subscribe({ groupId: `g-${randomUUID()}`, topic: name, handler: async (e) => void seen.push(e) });
    await waitFor(() => seen.length >= sent.length);
    await sub.close();
    expect(new Set(seen.map((e) => e.id)).size).toBe(sent.length);
    for (const key of keys) {
      expect(seen.filter((e) => e.key === key).map((e) => (e.data as { seq: number }).seq)).toEqual([...Array(10).keys()]);
    }
    expect(seen[0]).toMatchObject({ type: 'test.happened', source: 'contract-test', tenantId: 't1', schemaVersion: 1 });
  });

  it('splits partitions between two consumers of one group, and each group sees everything', async () => {
    const name = topic();
    const group = `g-${randomUUID()}`;
    const first: EventEnvelope[] = [];
    const second: EventEnvelope[] = [];
    const other: EventEnvelope[] = [];
    const subs = [
      await bus.subscribe({ groupId: group, topic: name, handler: async (e) => void first.push(e) }),
      await bus.subscribe({ groupId: group, topic: name, handler: async (e) => void second.push(e) }),
      await bus.subscribe({ groupId: `other-${randomUUID()}`, topic: name, handler: async (e) => void other.push(e) }),
    ];
    const sent = Array.from({ length: 30 }, (_, i) => event(`key-${i}`, i));
    await bus.publish(name, sent);
    await waitFor(() => first.length + second.length >= sent.length && other.length >= sent.length);
    await Promise.all(subs.map((s) => s.close()));
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    expect(new Set([...first, ...second].map((e) => e.id)).size).toBe(sent.length);
    expect(first.length + second.length).toBe(sent.length);
    expect(other.length).toBe(sent.length);
  });

  it('redelivers after a handler throws, then dead-letters after the last attempt', async () => {
    const name = topic();
    const attempts = new Map<string, number>();
    const flaky = event('k', 1, 'flaky');
    const poison = event('k', 2, 'poison');
    const after = event('k', 3, 'after');
    const handled: string[] = [];
    const sub = await bus.subscribe({
      groupId: `g-${randomUUID()}`,
      topic: name,
      maxAttempts: 3,
      handler: async (e) => {
        attempts.set(e.type, (attempts.get(e.type) ?? 0) + 1);
        if (e.type === 'poison' || (e.type === 'flaky' && attempts.get('flaky')! < 2)) throw new Error(`${e.type} failed`);
        handled.push(e.type);
      },
    });
    const dead: EventEnvelope[] = [];
    const dlq = await bus.subscribe({ groupId: `dlq-${randomUUID()}`, topic: deadLetterTopic(name), handler: async (e) => void dead.push(e) });
    await bus.publish(name, [flaky, poison, after]);
    await waitFor(() => handled.length === 2 && dead.length === 1);
    await Promise.all([sub.close(), dlq.close()]);
    expect(handled).toEqual(['flaky', 'after']);
    expect(attempts.get('flaky')).toBe(2);
    expect(attempts.get('poison')).toBe(3);
    expect(dead.map((e) => e.id)).toEqual([poison.id]);
  });

  it('resumes a group from its committed offset after the consumer restarts', async () => {
    const name = topic();
    const group = `g-${randomUUID()}`;
    const seen: number[] = [];
    const handler = async (e: EventEnvelope) => void seen.push((e.data as { seq: number }).seq);
    const firstRun = await bus.subscribe({ groupId: group, topic: name, handler });
    await bus.publish(name, [event('k', 0), event('k', 1)]);
    await waitFor(() => seen.length === 2);
    await firstRun.close();
    await bus.publish(name, [event('k', 2)]);
    const secondRun = await bus.subscribe({ groupId: group, topic: name, handler });
    await waitFor(() => seen.length === 3);
    await secondRun.close();
    expect(seen).toEqual([0, 1, 2]);
  });

  it("starts a new group at the topic's end with from: 'latest', delivering every event published once subscribe resolved", async () => {
    const name = topic();
    // Enough keys to reach every partition, so a replayed old event would show on each.
    const keys = Array.from({ length: 24 }, (_, i) => `key-${i}`);
    const old = keys.map((key) => event(key, 0, 'old'));
    await bus.publish(name, old);
    const live: EventEnvelope[] = [];
    const sub = await bus.subscribe({ groupId: `g-${randomUUID()}`, topic: name, from: 'latest', handler: async (e) => void live.push(e) });
    // Published the moment subscribe resolves: the consumer must already be positioned.
    const fresh = keys.map((key) => event(key, 1, 'fresh'));
    await bus.publish(name, fresh);
    const everything: EventEnvelope[] = [];
    const earliest = await bus.subscribe({ groupId: `g-${randomUUID()}`, topic: name, handler: async (e) => void everything.push(e) });
    await waitFor(() => live.length >= fresh.length && everything.length >= old.length + fresh.length);
    await Promise.all([sub.close(), earliest.close()]);
    // Per key, an old event would have arrived before the fresh one: none did.
    expect(live.map((e) => e.id).sort()).toEqual(fresh.map((e) => e.id).sort());
    expect(new Set(everything.map((e) => e.id)).size).toBe(old.length + fresh.length);
  });

  it("resumes a group from its committed offset even with from: 'latest'", async () => {
    const name = topic();
    const group = `g-${randomUUID()}`;
    const seen: number[] = [];
    const handler = async (e: EventEnvelope) => void seen.push((e.data as { seq: number }).seq);
    const firstRun = await bus.subscribe({ groupId: group, topic: name, from: 'latest', handler });
    await bus.publish(name, [event('k', 0)]);
    await waitFor(() => seen.length === 1);
    await firstRun.close();
    // Published while the group has no consumer, on the partition it has a position on.
    await bus.publish(name, [event('k', 1)]);
    const secondRun = await bus.subscribe({ groupId: group, topic: name, from: 'latest', handler });
    await waitFor(() => seen.length === 2);
    await secondRun.close();
    expect(seen).toEqual([0, 1]);
  });
});
