import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { requireService } from '../../test/support/services.js';
import { MemorySlidingWindow, RedisSlidingWindow, type SlidingWindowStore } from './sliding-window.js';

const WINDOW = 10_000;
/** A window boundary, so that the times below read as "n seconds into a window". */
const T0 = 1_700_000_000_000 - (1_700_000_000_000 % WINDOW);

const redis = new Redis(requireService('REDIS_URL'), { keyPrefix: `test:sliding:${randomUUID()}:`, maxRetriesPerRequest: 1 });
afterAll(() => redis.quit());

// The same contract for the store every gateway instance shares and for the in-process one.
describe.each([
  ['in Redis', () => new RedisSlidingWindow(redis, 'rl')],
  ['in process', () => new MemorySlidingWindow()],
] as [string, () => SlidingWindowStore][])('a sliding-window budget %s', (_name, make) => {
  it('lets the budget through within a window and refuses the next request, without counting it', async () => {
    const store = make();
    const key = randomUUID();
    const verdicts = [];
    for (let i = 0; i < 5; i++) verdicts.push(await store.hit(key, 5, WINDOW, T0 + 1_000 + i));
    expect(verdicts.map((v) => [v.allowed, v.counted])).toEqual([1, 2, 3, 4, 5].map((n) => [true, n]));
    const refused = await store.hit(key, 5, WINDOW, T0 + 2_000);
    expect(refused).toMatchObject({ allowed: false, counted: 5 });
    // All five are this window's: they weigh fully until it ends, then one fifth of them must slide out.
    expect(refused.retryAfterMs).toBe(WINDOW - 2_000 + WINDOW / 5);
    expect((await store.hit(key, 5, WINDOW, T0 + 9_999)).allowed).toBe(false);
  });

  it("does not give the budget back whole when a window ends: the previous window's requests weigh as it slides", async () => {
    const store = make();
    const key = randomUUID();
    for (let i = 0; i < 5; i++) expect((await store.hit(key, 5, WINDOW, T0 + 9_000 + i)).allowed).toBe(true);
    // A fixed window would allow five more here, ten within two seconds.
    expect((await store.hit(key, 5, WINDOW, T0 + WINDOW + 1_000)).allowed).toBe(false);
    expect((await store.hit(key, 5, WINDOW, T0 + WINDOW + 1_999)).allowed).toBe(false);
    const allowed = await store.hit(key, 5, WINDOW, T0 + WINDOW + 2_001);
    expect(allowed.allowed).toBe(true);
    expect(allowed.counted).toBeCloseTo(5 * 0.7999 + 1, 3);
    // Two windows later nothing of them is left.
    const fresh = await store.hit(key, 5, WINDOW, T0 + 3 * WINDOW + 1);
    expect(fresh).toMatchObject({ allowed: true, counted: 1 });
  });

  it('keeps each key to its own budget', async () => {
    const store = make();
    const [a, b] = [randomUUID(), randomUUID()];
    expect((await store.hit(a, 1, WINDOW, T0 + 100)).allowed).toBe(true);
    expect((await store.hit(a, 1, WINDOW, T0 + 101)).allowed).toBe(false);
    expect((await store.hit(b, 1, WINDOW, T0 + 102)).allowed).toBe(true);
  });
});
