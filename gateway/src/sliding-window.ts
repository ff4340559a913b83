import type { Redis } from 'ioredis';

/**
 * A sliding-window counter: the requests of the current fixed window plus those of the previous one,
 * weighted by how much of it still lies within the last `windowMs`. Unlike a fixed window, a client
 * cannot spend its budget at the end of one window and again at the start of the next (up to twice
 * the budget within one window's time); the estimate assumes the previous window's requests were
 * spread evenly, as Cloudflare's and nginx's limiters do. Refused requests are not counted.
 */
export interface SlidingWindowVerdict {
  allowed: boolean;
  /** Requests counted within the last window, this one included when allowed. */
  counted: number;
  /** When refused: until the window has slid far enough to let one more through. */
  retryAfterMs: number;
  /** Until every counted request has slid out of the window. */
  resetMs: number;
}

export interface SlidingWindowStore {
  hit(key: string, budget: number, windowMs: number, now: number): Promise<SlidingWindowVerdict>;
}

/** The verdict from the two windows' counts (`current` already including this request when allowed). */
export function verdict(allowed: boolean, current: number, previous: number, budget: number, windowMs: number, now: number): SlidingWindowVerdict {
  const start = Math.floor(now / windowMs) * windowMs;
  const weight = 1 - (now - start) / windowMs;
  const counted = previous * weight + current;
  const resetMs = current > 0 ? start + 2 * windowMs - now : previous > 0 ? start + windowMs - now : 0;
  if (allowed) return { allowed, counted, retryAfterMs: 0, resetMs };
  // The earliest time one more request fits: later in this window as the previous one's weight falls,
  // or in the next, where this window's requests are the previous ones.
  const at = current + 1 <= budget ? start + windowMs * (1 - (budget - current - 1) / previous) : start + windowMs + windowMs * (1 - (budget - 1) / current);
  return { allowed, counted, retryAfterMs: Math.max(1, Math.ceil(at - now)), resetMs };
}

/** Both windows read, and the current one counted if the request fits, in one atomic step. */
const HIT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
if previous * tonumber(ARGV[1]) + current + 1 > tonumber(ARGV[2]) then return {0, current, previous} end
current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return {1, current, previous}
`;

/** Counts in Redis, shared by every gateway instance; keys live two windows. */
export class RedisSlidingWindow implements SlidingWindowStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async hit(key: string, budget: number, windowMs: number, now: number): Promise<SlidingWindowVerdict> {
    const index = Math.floor(now / windowMs);
    const weight = 1 - (now - index * windowMs) / windowMs;
    const [allowed, current, previous] = (await this.redis.eval(HIT, 2, `${this.prefix}:${key}:${index}`, `${this.prefix}:${key}:${index - 1}`, weight, budget, 2 * windowMs)) as [number, number, number];
    return verdict(allowed === 1, current, previous, budget, windowMs, now);
  }
}

/** Entries past which those of finished windows are dropped, once per window. */
const SWEEP_AT = 10_000;
/** Entries never exceeded: past it the oldest keys are forgotten (fail open for them), so that a stranger with many addresses cannot grow it without bound. */
const MAX_ENTRIES = 100_000;

/** Counts in this process: embedded, and the fallback while Redis is unreachable. */
export class MemorySlidingWindow implements SlidingWindowStore {
  private readonly windows = new Map<string, { index: number; current: number; previous: number }>();
  private sweptAt = -1;

  hit(key: string, budget: number, windowMs: number, now: number): Promise<SlidingWindowVerdict> {
    const index = Math.floor(now / windowMs);
    if (this.windows.size >= SWEEP_AT && this.sweptAt !== index) this.sweep(index);
    for (const oldest of this.windows.keys()) {
      if (this.windows.size < MAX_ENTRIES) break;
      this.windows.delete(oldest);
    }
    let entry = this.windows.get(key);
    if (!entry || entry.index < index - 1) entry = { index, current: 0, previous: 0 };
    else if (entry.index === index - 1) entry = { index, current: 0, previous: entry.current };
    this.windows.set(key, entry);
    const weight = 1 - (now - index * windowMs) / windowMs;
    const allowed = entry.previous * weight + entry.current + 1 <= budget;
    if (allowed) entry.current += 1;
    return Promise.resolve(verdict(allowed, entry.current, entry.previous, budget, windowMs, now));
  }

  private sweep(index: number): void {
    this.sweptAt = index;
    for (const [key, entry] of this.windows) if (entry.index < index - 1) this.windows.delete(key);
  }
}
