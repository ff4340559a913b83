import { describe, expect, it } from 'vitest';
import { normaliseCurrency, splitSale } from './money.js';

describe('splitSale', () => {
  it.each([
    [9_999, 6_999, 3_000],
    [10_000, 7_000, 3_000],
    [4_900, 3_430, 1_470],
    [1, 0, 1],
    [3, 2, 1],
    [0, 0, 0],
    // Zero-decimal currencies (JPY): the smallest unit is the yen, split by the same rule.
    [999, 699, 300],
    [50, 35, 15],
  ])('%i → %i to the creator, %i to the platform', (amount, creator, platform) => {
    expect(splitSale(amount)).toEqual({ creatorCents: creator, platformCents: platform });
  });

  it('never makes or loses a unit, for every amount up to 100,000', () => {
    const wrong: number[] = [];
    for (let amount = 0; amount <= 100_000; amount++) {
      const { creatorCents, platformCents } = splitSale(amount);
      // 70% rounded down, computed another way (integer division on tenths).
      if (creatorCents + platformCents !== amount || creatorCents !== Math.trunc((amount * 7 - ((amount * 7) % 10)) / 10)) wrong.push(amount);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses fractional and negative amounts', () => {
    expect(() => splitSale(10.5)).toThrow(RangeError);
    expect(() => splitSale(-1)).toThrow(RangeError);
  });
});

describe('normaliseCurrency', () => {
  it('lower-cases ISO codes and refuses anything else', () => {
    expect(normaliseCurrency('EUR')).toBe('eur');
    expect(normaliseCurrency('jpy')).toBe('jpy');
    expect(normaliseCurrency('EURO')).toBeNull();
    expect(normaliseCurrency('e1r')).toBeNull();
  });
});
