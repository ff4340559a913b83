import type { EventEnvelope } from './envelope.js';

export type EventHandler = (event: EventEnvelope) => Promise<void>;

export interface SubscribeOptions {
  /** Consumers sharing a group split the topic's partitions; each group sees every event. */
  groupId: string;
  topic: string;
  handler: EventHandler;
  /** Attempts before the event is sent to `<topic>.dlq`. */
  maxAttempts?: number;
}

export interface Subscription {
  close(): Promise<void>;
}

/**
 * Publish/subscribe with per-key ordering and at-least-once delivery:
 * an event counts as consumed only after its handler resolves.
 */
export interface EventBus {
  publish(topic: string, events: readonly EventEnvelope[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;
