import { parse, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isLiveOnly, SharedSubscriptions } from './shared-subscription.js';

const RULES = { caseEvents: ['caseId', 'after'], workQueueChanged: [] };
const operation = (source: string) => parse(source).definitions[0] as OperationDefinitionNode;

/** An upstream the test feeds by hand, recording whether it was ended. */
function upstream() {
  const waiting: ((result: IteratorResult<ExecutionResult>) => void)[] = [];
  const buffered: IteratorResult<ExecutionResult>[] = [];
  const deliver = (result: IteratorResult<ExecutionResult>) => {
    const wake = waiting.shift();
    if (wake) wake(result);
    else buffered.push(result);
  };
  const state = { returned: false };
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    next: () => {
      const next = buffered.shift();
      return next ? Promise.resolve(next) : new Promise((resolve) => waiting.push(resolve));
    },
    return: () => {
      state.returned = true;
      deliver({ done: true, value: undefined });
      return Promise.resolve({ done: true, value: undefined });
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return { iterator, state, emit: (n: number) => deliver({ done: false, value: { data: { n } } }), complete: () => deliver({ done: true, value: undefined }) };
}

const nextValue = async (iterator: AsyncIterableIterator<ExecutionResult>) => (await iterator.next()).value as ExecutionResult | undefined;

describe('isLiveOnly', () => {
  it('shares tenant-wide streams and refuses anything that replays or is not declared live', () => {
    expect(isLiveOnly(operation('subscription { caseEvents { sequence } }'), {}, RULES)).toBe(true);
    expect(isLiveOnly(operation('subscription { __typename workQueueChanged { kind } }'), {}, RULES)).toBe(true);
    expect(isLiveOnly(operation('subscription { caseEvents(types: ["case.started"]) { sequence } }'), {}, RULES)).toBe(true);
    expect(isLiveOnly(operation('subscription($c: ID) { caseEvents(caseId: $c) { sequence } }'), {}, RULES)).toBe(true);
    expect(isLiveOnly(operation('subscription($c: ID) { caseEvents(caseId: $c) { sequence } }'), { c: null }, RULES)).toBe(true);

    expect(isLiveOnly(operation('subscription($c: ID) { caseEvents(caseId: $c) { sequence } }'), { c: 'x' }, RULES)).toBe(false);
    expect(isLiveOnly(operation('subscription($c: ID = "x") { caseEvents(caseId: $c) { sequence } }'), {}, RULES)).toBe(false);
    expect(isLiveOnly(operation('subscription($c: ID = "x") { caseEvents(caseId: $c) { sequence } }'), { c: null }, RULES)).toBe(true);
    expect(isLiveOnly(operation('subscription { caseEvents(after: "abc") { sequence } }'), {}, RULES)).toBe(false);
    expect(isLiveOnly(operation('subscription { somethingElse { id } }'), {}, RULES)).toBe(false);
    expect(isLiveOnly(operation('subscription { ... on Subscription { caseEvents { sequence } } }'), {}, RULES)).toBe(false);
  });
});

describe('SharedSubscriptions', () => {
  it('opens one upstream for many subscribers and fans every event out to each', async () => {
    const shared = new SharedSubscriptions(10);
    const source = upstream();
    let opened = 0;
    const open = () => {
      opened += 1;
      return source.iterator;
    };
    const a = shared.join('k', open);
    const b = shared.join('k', open);
    expect(opened).toBe(1);
    source.emit(1);
    source.emit(2);
    expect([await nextValue(a), await nextValue(a)]).toEqual([{ data: { n: 1 } }, { data: { n: 2 } }]);
    expect([await nextValue(b), await nextValue(b)]).toEqual([{ data: { n: 1 } }, { data: { n: 2 } }]);
  });

  it('keeps the upstream while anyone listens, ends it with the last, and opens afresh after', async () => {
    const shared = new SharedSubscriptions(10);
    const first = upstream();
    const a = shared.join('k', () => first.iterator);
    const b = shared.join('k', () => first.iterator);
    await a.return!();
    expect(first.state.returned).toBe(false);
    first.emit(7);
    expect(await nextValue(b)).toEqual({ data: { n: 7 } });
    await b.return!();
    expect(first.state.returned).toBe(true);
    expect(shared.size).toBe(0);
    const second = upstream();
    const c = shared.join('k', () => second.iterator);
    second.emit(8);
    expect(await nextValue(c)).toEqual({ data: { n: 8 } });
  });

  it('ends only the slow subscriber with SLOW_CONSUMER, and the others go on', async () => {
    const shared = new SharedSubscriptions(3);
    const source = upstream();
    const slow = shared.join('k', () => source.iterator);
    const fast = shared.join('k', () => source.iterator);
    for (let n = 1; n <= 5; n++) {
      source.emit(n);
      expect(await nextValue(fast)).toEqual({ data: { n } });
    }
    const overflow = await nextValue(slow);
    expect(overflow?.errors?.[0]?.extensions?.code).toBe('SLOW_CONSUMER');
    expect((await slow.next()).done).toBe(true);
    source.emit(6);
    expect(await nextValue(fast)).toEqual({ data: { n: 6 } });
    expect(source.state.returned).toBe(false);
  });

  it('ends every subscriber when the upstream completes', async () => {
    const shared = new SharedSubscriptions(10);
    const source = upstream();
    const a = shared.join('k', () => source.iterator);
    const b = shared.join('k', () => source.iterator);
    source.complete();
    expect((await a.next()).done).toBe(true);
    expect((await b.next()).done).toBe(true);
    expect(shared.size).toBe(0);
  });

  it('ends every subscriber with an error, rather than leaving it waiting, when the upstream fails', async () => {
    const shared = new SharedSubscriptions(10);
    const failing: AsyncIterableIterator<ExecutionResult> = {
      next: () => Promise.reject(new Error('upstream broke')),
      [Symbol.asyncIterator]: () => failing,
    };
    const a = shared.join('k', () => failing);
    const b = shared.join('k', () => failing);
    for (const member of [a, b]) {
      expect((await nextValue(member))?.errors?.[0]?.extensions?.code).toBe('SUBSCRIPTION_FAILED');
      expect((await member.next()).done).toBe(true);
    }
    expect(shared.size).toBe(0);
  });

  it('keeps different keys apart', async () => {
    const shared = new SharedSubscriptions(10);
    const [one, two] = [upstream(), upstream()];
    const a = shared.join('one', () => one.iterator);
    const b = shared.join('two', () => two.iterator);
    two.emit(2);
    one.emit(1);
    expect(await nextValue(a)).toEqual({ data: { n: 1 } });
    expect(await nextValue(b)).toEqual({ data: { n: 2 } });
  });
});
