import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { EventEnvelope } from './envelope.js';
import type { EventBus, Subscription } from './event-bus.js';

export interface LiveFeedOptions<T> {
  topic: string;
  /** Prefix of the consumer group; each instance adds a random suffix. */
  name: string;
  /** What listeners get of an envelope; undefined skips it. */
  read(envelope: EventEnvelope): T | undefined;
}

/**
 * One instance's in-process fan-out of a topic to its live subscriptions. The consumer group is
 * unique per instance, so every instance sees every event (a shared group would split the
 * partitions between them), and it starts at the topic's end: live events only, since a new
 * group per start would otherwise read the whole topic again. Listeners must not block; one
 * that throws is logged and does not keep the event from the others.
 */
export class LiveFeed<T> {
  private readonly listeners = new Set<(item: T) => void>();
  private subscription: Subscription | undefined;

  constructor(
    protected readonly bus: EventBus,
    protected readonly logger: Logger,
    private readonly options: LiveFeedOptions<T>,
  ) {}

  async start(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      groupId: `${this.options.name}-${randomUUID()}`,
      topic: this.options.topic,
      from: 'latest',
      handler: async (envelope) => {
        if (this.listeners.size === 0) return;
        const item = this.options.read(envelope);
        if (item === undefined) return;
        for (const listener of this.listeners) {
          try {
            listener(item);
          } catch (error) {
            this.logger.error({ err: error, topic: this.options.topic }, 'live feed listener failed');
          }
        }
      },
    });
  }

  listen(listener: (item: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.listeners.clear();
    await this.subscription?.close();
  }
}
