import { Kafka, logLevel, type Admin, type Consumer, type Producer } from 'kafkajs';
import type { EventEnvelope } from './envelope.js';
import { deadLetterTopic, type EventBus, type SubscribeOptions, type Subscription } from './event-bus.js';
import { retryRetriable } from './kafka-retry.js';

export interface KafkaEventBusOptions {
  brokers: readonly string[];
  clientId: string;
  /** Partitions of topics this bus creates. */
  partitions?: number;
  /** Delay before the first redelivery of a failed event; doubles per attempt. */
  retryDelayMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function parseEnvelope(value: Buffer | null): EventEnvelope | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(value.toString('utf8')) as Partial<EventEnvelope>;
    return typeof parsed.id === 'string' && typeof parsed.type === 'string' && typeof parsed.key === 'string' ? (parsed as EventEnvelope) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resolves at the consumer's first group join; rejects if it crashes for good before. With `ends`
 * (a `latest` subscription), seeks each assigned partition the consumer never committed on to its
 * end offset read before joining. kafkajs itself resolves `latest` only at the first fetch after
 * the join, so events published between `subscribe` resolving and that fetch would be skipped;
 * kafkajs emits the join synchronously before that fetch, so a seek here is in place in time. After
 * a rebalance the seek is repeated: in a group shared with other consumers that may redeliver what
 * another member consumed, but never skips anything.
 */
function joinedAt(consumer: Consumer, topic: string, ends: ReadonlyMap<number, string> | undefined, committed: ReadonlySet<number>): Promise<void> {
  const joined = new Promise<void>((resolve, reject) => {
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      for (const partition of payload.memberAssignment[topic] ?? []) {
        const end = ends?.get(partition);
        if (end !== undefined && !committed.has(partition)) consumer.seek({ topic, partition, offset: end });
      }
      resolve();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) reject(payload.error);
    });
  });
  // Marked handled at once: the crash can come before the caller awaits, which still sees it.
  joined.catch(() => undefined);
  return joined;
}

/**
 * The event bus over Kafka. kafkajs is unmaintained, so it stays behind this adapter:
 * swapping the client touches this file only.
 */
export class KafkaEventBus implements EventBus {
  private readonly kafka: Kafka;
  private readonly admin: Admin;
  private readonly producer: Producer;
  private readonly consumers = new Set<Consumer>();
  private readonly knownTopics = new Map<string, Promise<void>>();
  private connected: Promise<void> | undefined;
  private readonly partitions: number;
  private readonly retryDelayMs: number;

  constructor(options: KafkaEventBusOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 200, retries: 20, maxRetryTime: 5_000 },
    });
    this.admin = this.kafka.admin();
    // Idempotence keeps per-partition order and drops retried duplicates on the broker.
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    this.partitions = options.partitions ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 100;
  }

  async publish(topic: string, events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    await this.connect();
    await this.ensureTopic(topic);
    await this.producer.send({
      topic,
      acks: -1,
      messages: events.map((event) => ({ key: event.key, value: JSON.stringify(event), headers: { 'event-type': event.type, 'event-id': event.id } })),
    });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    await this.connect();
    await this.ensureTopic(options.topic);
    // Read before the consumer joins: with `latest`, nothing published from here on is skipped.
    const ends = options.from === 'latest' ? await this.endOffsetsWithoutPosition(options.groupId, options.topic) : undefined;
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      rebalanceTimeout: 10_000,
      retry: { initialRetryTime: 200, retries: 30, maxRetryTime: 5_000 },
    });
    this.consumers.add(consumer);
    try {
      await this.run(consumer, options, ends);
    } catch (error) {
      this.consumers.delete(consumer);
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    return {
      close: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  /** Starts consuming; resolves once the consumer has joined its group, holds its partitions and knows where to start. */
  private async run(consumer: Consumer, options: SubscribeOptions, ends: ReadonlyMap<number, string> | undefined): Promise<void> {
    const maxAttempts = options.maxAttempts ?? 5;
    const committed = new Set<number>();
    const joined = joinedAt(consumer, options.topic, ends, committed);
    await consumer.connect();
    await consumer.subscribe({ topic: options.topic, fromBeginning: !ends });
    await consumer.run({
      autoCommit: false,
      // eslint-disable-next-line @typescript-eslint/unbound-method -- kafkajs types heartbeat as a method but passes a bound function
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        const event = parseEnvelope(message.value);
        if (!event) {
          // A message that is not an envelope can never succeed; park it rather than block the partition.
          await this.producer.send({ topic: deadLetterTopic(topic), messages: [{ key: message.key, value: message.value, headers: message.headers }] });
        } else {
          await this.deliver(options, maxAttempts, event, heartbeat);
        }
        // Committed only now: a crash before this line redelivers the event (at-least-once).
        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
        committed.add(partition);
      },
    });
    // `run` resolves after the first join, except when that join failed and kafkajs restarts the consumer later.
    await joined;
  }

  async ping(): Promise<void> {
    await this.connect();
    await this.admin.describeCluster();
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((consumer) => consumer.disconnect()));
    this.consumers.clear();
    if (this.connected) {
      await this.producer.disconnect();
      await this.admin.disconnect();
    }
  }

  /** The current end offset of each partition on which `groupId` has committed nothing. */
  private async endOffsetsWithoutPosition(groupId: string, topic: string): Promise<Map<number, string>> {
    const [committed, ends] = await Promise.all([
      this.admin.fetchOffsets({ groupId, topics: [topic] }),
      retryRetriable(() => this.admin.fetchTopicOffsets(topic)),
    ]);
    const positioned = new Set(committed.flatMap((entry) => entry.partitions.filter((p) => Number(p.offset) >= 0).map((p) => p.partition)));
    return new Map(ends.filter((end) => !positioned.has(end.partition)).map((end) => [end.partition, end.high]));
  }

  private async deliver(options: SubscribeOptions, maxAttempts: number, event: EventEnvelope, heartbeat: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await options.handler(event);
        return;
      } catch {
        if (attempt >= maxAttempts) {
          await this.publish(deadLetterTopic(options.topic), [event]);
          return;
        }
        await sleep(Math.min(5_000, this.retryDelayMs * 2 ** (attempt - 1)));
        await heartbeat();
      }
    }
  }

  private connect(): Promise<void> {
    if (!this.connected) {
      const attempt = Promise.all([this.admin.connect(), this.producer.connect()]).then(() => undefined);
      // A failed connect is retried by the next call instead of being remembered.
      attempt.catch(() => {
        if (this.connected === attempt) this.connected = undefined;
      });
      this.connected = attempt;
    }
    return this.connected;
  }

  private ensureTopic(topic: string): Promise<void> {
    let created = this.knownTopics.get(topic);
    if (!created) {
      created = this.admin
        .createTopics({
          waitForLeaders: true,
          topics: (topic.endsWith('.dlq') ? [topic] : [topic, deadLetterTopic(topic)]).map((name) => ({
            topic: name,
            numPartitions: name === topic ? this.partitions : 1,
          })),
        })
        .then(() => undefined);
      created.catch(() => this.knownTopics.delete(topic));
      this.knownTopics.set(topic, created);
    }
    return created;
  }
}
