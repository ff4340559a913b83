import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRunTopics, runSuffix } from './run-topics.js';
import { requireService } from './services.js';

describe('deleteRunTopics', () => {
  const brokers = requireService('KAFKA_BROKERS').split(',');
  const admin = new Kafka({ clientId: `run-topics-test-${randomUUID().slice(0, 8)}`, brokers, logLevel: logLevel.NOTHING }).admin();
  const run = randomUUID().slice(0, 8);
  const otherRun = randomUUID().slice(0, 8);
  const ours = [`run-topics.test${runSuffix(run)}`, `run-topics.test${runSuffix(run)}.dlq`, `run-topics.other${runSuffix(run)}`];
  const theirs = `run-topics.test${runSuffix(otherRun)}`;

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [...ours, theirs].map((topic) => ({ topic, numPartitions: 1 })) });
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [theirs] }).catch(() => undefined);
    await admin.disconnect();
  });

  it("deletes the run's topics, its dead-letter topics included, and no other run's", async () => {
    const cleanup = await deleteRunTopics(brokers, run, 30_000);
    expect(cleanup.error).toBeUndefined();
    expect([...cleanup.deleted].sort()).toEqual([...ours].sort());
    const deadline = Date.now() + 30_000;
    let remaining = await admin.listTopics();
    // Deletion reaches every broker's metadata shortly after the controller accepts it.
    while (ours.some((topic) => remaining.includes(topic)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      remaining = await admin.listTopics();
    }
    expect(remaining.filter((topic) => ours.includes(topic))).toEqual([]);
    expect(remaining).toContain(theirs);
  });

  it('reports an unreachable broker instead of failing or holding up the teardown', async () => {
    const started = Date.now();
    const cleanup = await deleteRunTopics(['127.0.0.1:1'], run, 3_000);
    expect(cleanup.deleted).toEqual([]);
    expect(cleanup.error).toBeTruthy();
    // The bound plus the disconnect's own second, with room for a loaded machine.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
