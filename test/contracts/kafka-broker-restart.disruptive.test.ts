import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { KafkaEventBus, createEnvelope, type EventEnvelope } from '@flowgraph/shared';
import { requireService } from '../support/services.js';

/** Stops or starts the broker this suite provisioned; runs alone (the `disruptive` project) so no other suite sees it go. */
const kafka = (action: 'up' | 'down') => execFileSync('bash', ['services/services.sh', action, 'kafka'], { stdio: 'pipe', timeout: 180_000 });

function brokerIsUp(): boolean {
  try {
    execFileSync('bash', ['services/services.sh', 'status', 'kafka'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

describe('EventBus contract: kafka broker restart', () => {
  const brokers = requireService('KAFKA_BROKERS').split(',');
  const consumerBus = new KafkaEventBus({ brokers, clientId: 'restart-consumer' });
  afterAll(async () => {
    kafka('up');
    await consumerBus.close();
  });

  it('resumes a running consumer after the broker is stopped and restarted, losing nothing', { timeout: 240_000 }, async () => {
    const topic = `restart.${randomUUID()}`;
    const received: EventEnvelope[] = [];
    const batch = (from: number) =>
      Array.from({ length: 10 }, (_, i) => createEnvelope({ type: 'test.restart', source: 'restart-test', tenantId: 't', key: `k-${i % 3}`, data: { seq: from + i } }));
    await consumerBus.subscribe({ groupId: `g-${randomUUID()}`, topic, handler: async (e) => void received.push(e) });

    const before = new KafkaEventBus({ brokers, clientId: 'restart-producer-1' });
    await before.publish(topic, batch(0));
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(10);
    await before.close();

    kafka('down');
    // The broker must really be gone, or this test would prove nothing (e.g. with an external KAFKA_BROKERS).
    expect(brokerIsUp()).toBe(false);
    kafka('up');
    expect(brokerIsUp()).toBe(true);

    // The consumer was never restarted by the test: it has to reconnect by itself.
    const after = new KafkaEventBus({ brokers, clientId: 'restart-producer-2' });
    await after.publish(topic, batch(10));
    await after.close();
    await expect.poll(() => new Set(received.map((e) => (e.data as { seq: number }).seq)).size, { timeout: 120_000, interval: 250 }).toBe(20);
    const seqs = [...new Set(received.map((e) => (e.data as { seq: number }).seq))].sort((a, b) => a - b);
    expect(seqs).toEqual([...Array(20).keys()]);
  });
});
