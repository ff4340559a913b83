import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { retryRetriable } from './kafka-retry.js';

const { KafkaJSError, KafkaJSProtocolError } = kafkajs;
const budget = { attempts: 4, initialDelayMs: 1, maxDelayMs: 2 };

/** The error kafkajs raises for NOT_LEADER_OR_FOLLOWER (code 6), which it marks retriable. */
const notLeader = () =>
  new KafkaJSProtocolError(Object.assign(new Error('This server is not the leader for that topic-partition'), { type: 'NOT_LEADER_FOR_PARTITION', code: 6, retriable: true }));

describe('retryRetriable', () => {
  it('returns the result once a retriable Kafka error has passed', async () => {
    let calls = 0;
    const offsets = await retryRetriable(async () => {
      calls++;
      if (calls < 3) throw notLeader();
      return [{ partition: 0, high: '7' }];
    }, budget);
    expect(offsets).toEqual([{ partition: 0, high: '7' }]);
    expect(calls).toBe(3);
  });

  it('gives up with the last error when the budget runs out', async () => {
    let calls = 0;
    const failing = retryRetriable(async () => {
      calls++;
      throw notLeader();
    }, budget);
    await expect(failing).rejects.toThrow('not the leader');
    expect(calls).toBe(4);
  });

  it('does not retry errors that are not retriable', async () => {
    let calls = 0;
    const failing = retryRetriable(async () => {
      calls++;
      throw new KafkaJSError('Invalid topic', { retriable: false });
    }, budget);
    await expect(failing).rejects.toThrow('Invalid topic');
    expect(calls).toBe(1);
  });
});
