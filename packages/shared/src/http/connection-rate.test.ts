import { describe, expect, it } from 'vitest';
import { FixedWindowCounter } from './connection-rate.js';

describe('FixedWindowCounter', () => {
  it('allows the limit per key and window, says how long is left, and starts afresh in the next window', () => {
    let now = 1_000_000;
    const counter = new FixedWindowCounter(3, 60_000, () => now);
    expect([1, 2, 3].map(() => counter.take('a'))).toEqual([undefined, undefined, undefined]);
    expect(counter.take('a')).toBe(60);
    expect(counter.take('b')).toBeUndefined();
    now += 45_000;
    expect(counter.take('a')).toBe(15);
    now += 15_000;
    expect(counter.take('a')).toBeUndefined();
  });

  it('forgets the windows that ended, so many distinct addresses cost one window of memory', () => {
    let now = 0;
    const counter = new FixedWindowCounter(1, 1_000, () => now);
    for (let i = 0; i < 10_000; i++) counter.take(`10.0.${i >> 8}.${i & 255}`);
    expect(counter.size).toBe(10_000);
    now += 2_000;
    counter.take('one more');
    expect(counter.size).toBe(1);
  });
});
