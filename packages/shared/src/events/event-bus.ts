import type { EventEnvelope } from './envelope.js';

export type EventHandler = (event: EventEnvelope) => Promise<void>;

export interface SubscribeOptions {
  /** Consumers sharing a group split the topic's partitions; each group sees every event. */
  groupId: string;
  topic: string;
  handler: EventHandler;
  /** Attempts before the event is sent to `<topic>.dlq`. */
  maxAttempts?: number;
  /**
   * Where the group starts on a partition it has no position on yet: `earliest` (the default)
   * reads the topic from its beginning; `latest` delivers only events published after
   * `subscribe` was called, none of those that came before. Where the group has a position, it
   * resumes there either way.
   */
  from?: SubscribeFrom;
}

export type SubscribeFrom = 'earliest' | 'latest';

export interface Subscription {
  close(): Promise<void>;
}

/**
 * Publish/subscribe with per-key ordering and at-least-once delivery:
 * an event counts as consumed only after its handler resolves. `subscribe` resolves once the
 * consumer holds its partitions and its starting positions are fixed, so an event published after
 * it resolves is delivered to the group.
 */
export interface EventBus {
  publish(topic: string, events: readonly EventEnvelope[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;
