import { GraphQLError, Kind, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
import { MAX_PENDING_EVENTS, slowConsumer } from './bounded-subscription.js';

/**
 * Root subscription fields whose stream starts at "now" for every subscriber (no replay at
 * subscribe time), unless one of the listed arguments is given. Only such streams can be shared:
 * a subscriber joining later sees exactly what a fresh subscription would have shown it.
 */
export type LiveSubscriptionFields = Readonly<Record<string, readonly string[]>>;

/** True when every root field of `operation` is a live stream under `rules`, given `variables`. */
export function isLiveOnly(operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>>, rules: LiveSubscriptionFields): boolean {
  const roots = operation.selectionSet.selections.filter((selection) => !(selection.kind === Kind.FIELD && selection.name.value === '__typename'));
  // A root fragment could hide anything: only plain fields are judged.
  return roots.every((field) => {
    if (field.kind !== Kind.FIELD) return false;
    const replayArguments = rules[field.name.value];
    if (!replayArguments) return false;
    return (field.arguments ?? []).every((argument) => {
      if (!replayArguments.includes(argument.name.value)) return true;
      const { value } = argument;
      // Given as null, or as a variable that is null or absent with no default: the argument is not in effect.
      if (value.kind === Kind.NULL) return true;
      if (value.kind !== Kind.VARIABLE) return false;
      const given = variables[value.name.value];
      if (given !== undefined) return given === null;
      const fallback = operation.variableDefinitions?.find((definition) => definition.variable.name.value === value.name.value)?.defaultValue;
      return !fallback || fallback.kind === Kind.NULL;
    });
  });
}

class Member {
  private readonly queue: ExecutionResult[] = [];
  private wake: (() => void) | undefined;
  private state: 'open' | 'overflow' | 'ended' = 'open';

  constructor(
    private readonly max: number,
    private readonly leave: (member: Member) => void,
  ) {}

  push(result: ExecutionResult): void {
    if (this.state !== 'open') return;
    if (this.queue.length >= this.max) {
      // This client reads slower than events arrive: it alone is ended, the others go on.
      this.state = 'overflow';
      this.queue.length = 0;
      this.leave(this);
    } else {
      this.queue.push(result);
    }
    this.notify();
  }

  end(): void {
    if (this.state === 'open') this.state = 'ended';
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  readonly iterator: AsyncIterableIterator<ExecutionResult> = {
    next: async () => {
      for (;;) {
        const value = this.queue.shift();
        if (value) return { done: false, value };
        if (this.state === 'overflow') {
          this.state = 'ended';
          return { done: false, value: { errors: [slowConsumer(this.max)] } };
        }
        if (this.state === 'ended') return { done: true, value: undefined };
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    },
    return: async () => {
      this.state = 'ended';
      this.queue.length = 0;
      this.leave(this);
      this.notify();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => this.iterator,
  };
}

/**
 * One upstream subscription (and one execution of its plan per event) fanned out to every
 * subscriber of the same operation, variables and credential. Each subscriber keeps a bounded
 * queue of its own, so one slow client is ended with SLOW_CONSUMER without holding back the rest.
 * The upstream ends when its last subscriber leaves.
 */
class SharedStream {
  private readonly members = new Set<Member>();

  constructor(
    private readonly source: AsyncIterableIterator<ExecutionResult>,
    private readonly max: number,
    private readonly onIdle: () => void,
  ) {
    void this.pump();
  }

  join(): AsyncIterableIterator<ExecutionResult> {
    const member = new Member(this.max, (left) => this.leave(left));
    this.members.add(member);
    return member.iterator;
  }

  private leave(member: Member): void {
    if (!this.members.delete(member) || this.members.size > 0) return;
    this.onIdle();
    this.source.return?.().catch(() => undefined);
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const next = await this.source.next();
        if (next.done) break;
        for (const member of this.members) member.push(next.value);
      }
    } catch (error) {
      // The source reports its own failures as results; this is the last resort, so nobody hangs.
      const failed: ExecutionResult = { errors: [new GraphQLError(error instanceof Error ? error.message : 'Subscription failed', { extensions: { code: 'SUBSCRIPTION_FAILED' } })] };
      for (const member of this.members) member.push(failed);
    } finally {
      this.onIdle();
      for (const member of this.members) member.end();
      this.members.clear();
    }
  }
}

/** The shared streams of one supergraph, by operation, variables and credential. */
export class SharedSubscriptions {
  private readonly streams = new Map<string, SharedStream>();

  constructor(private readonly max = MAX_PENDING_EVENTS) {}

  /** Joins the live stream for `key`, opening it with `open` when there is none. */
  join(key: string, open: () => AsyncIterableIterator<ExecutionResult>): AsyncIterableIterator<ExecutionResult> {
    let stream = this.streams.get(key);
    if (!stream) {
      const created: SharedStream = new SharedStream(open(), this.max, () => {
        if (this.streams.get(key) === created) this.streams.delete(key);
      });
      stream = created;
      this.streams.set(key, stream);
    }
    return stream.join();
  }

  get size(): number {
    return this.streams.size;
  }
}
