import { describe, expect, it } from 'vitest';
import { LruMap } from './lru-map.js';

describe('LruMap', () => {
  it('forgets the least recently used entry when full, counting reads as uses', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1);
    map.set('c', 3);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).toBe(1);
    expect(map.get('c')).toBe(3);
    expect(map.size).toBe(2);
  });

  it('replaces the value of a key it holds without forgetting another', () => {
    const map = new LruMap<string, string>(2);
    map.set('w', 'kept');
    map.set('x', 'first');
    map.set('x', 'second');
    expect(map.size).toBe(2);
    expect(map.get('x')).toBe('second');
    expect(map.get('w')).toBe('kept');
  });

  it('refuses a capacity under one', () => {
    expect(() => new LruMap(0)).toThrow(RangeError);
  });
});
