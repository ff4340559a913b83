import { deadLetterTopic, type EventBus, type EventHandler, type SubscribeOptions, type Subscription } from './event-bus.js';
import type { EventEnvelope } from './envelope.js';

interface Member {
  handler: EventHandler;
  maxAttempts: number;
}

interface Group {
  members: Member[];
  /** Next offset to deliver, per partition. */
  offsets: number[];
  draining: Map<number, Promise<void>>;
}

function partitionOf(key: string, partitions: number): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % partitions;
}

/**
 * The embedded event bus: a partitioned in-memory log per topic.
 * Partitions are assigned to group members round-robin, and each partition is drained
 * in order, so per-key ordering holds just as with Kafka.
 */
export class MemoryEventBus implements EventBus {
  private readonly logs = new Map<string, EventEnvelope[][]>();
  private readonly groups = new Map<string, Map<string, Group>>();
  private closed = false;

  constructor(private readonly partitions = 3) {}

  async publish(topic: string, events: readonly EventEnvelope[]): Promise<void> {
    if (this.closed) throw new Error('event bus is closed');
    const log = this.log(topic);
    for (const event of events) log[partitionOf(event.key, this.partitions)]!.push(structuredClone(event));
    for (const [, group] of this.groups.get(topic) ?? []) this.kick(topic, group);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const groups = this.groups.get(options.topic) ?? new Map<string, Group>();
    this.groups.set(options.topic, groups);
    let group = groups.get(options.groupId);
    if (!group) {
      // A new group starts at the beginning of the topic, or at its current end with `from: 'latest'`.
      const offsets = options.from === 'latest' ? this.log(options.topic).map((partition) => partition.length) : new Array<number>(this.partitions).fill(0);
      group = { members: [], offsets, draining: new Map() };
      groups.set(options.groupId, group);
    }
    const member: Member = { handler: options.handler, maxAttempts: options.maxAttempts ?? 5 };
    group.members.push(member);
    this.kick(options.topic, group);
    const joined = group;
    return {
      close: async () => {
        joined.members = joined.members.filter((m) => m !== member);
        await Promise.all(joined.draining.values());
      },
    };
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('event bus is closed');
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.groups.values()].flatMap((g) => [...g.values()].flatMap((group) => [...group.draining.values()])));
  }

  private log(topic: string): EventEnvelope[][] {
    let log = this.logs.get(topic);
    if (!log) {
      log = Array.from({ length: this.partitions }, () => []);
      this.logs.set(topic, log);
    }
    return log;
  }

  private kick(topic: string, group: Group): void {
    for (let partition = 0; partition < this.partitions; partition++) {
      if (group.draining.has(partition)) continue;
      const run = this.drain(topic, group, partition).finally(() => group.draining.delete(partition));
      group.draining.set(partition, run);
    }
  }

  private async drain(topic: string, group: Group, partition: number): Promise<void> {
    const log = this.log(topic)[partition]!;
    while (!this.closed && group.offsets[partition]! < log.length) {
      const member = group.members.length ? group.members[partition % group.members.length] : undefined;
      if (!member) return;
      const event = log[group.offsets[partition]!]!;
      await this.deliver(topic, member, event);
      group.offsets[partition]! += 1;
    }
  }

  private async deliver(topic: string, member: Member, event: EventEnvelope): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await member.handler(structuredClone(event));
        return;
      } catch {
        if (attempt >= member.maxAttempts) {
          await this.publish(deadLetterTopic(topic), [event]);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 10 * 2 ** attempt)));
      }
    }
  }
}
