import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AuthContext } from '@flowgraph/shared/auth/context';
import type { Logger } from '@flowgraph/shared/logger';

/** Requests per window for each kind of caller ("plan"); each request counts against its address and its principal. */
export interface RateLimitPlans {
  windowSeconds: number;
  /** Per client address, whoever the caller is: bounds anonymous traffic and API-key guessing. */
  address: number;
  /** Per signed-in person. */
  user: number;
  /** Per partner API key. */
  apiKey: number;
}

export const DEFAULT_RATE_LIMIT_PLANS: Readonly<RateLimitPlans> = { windowSeconds: 60, address: 3_000, user: 1_200, apiKey: 600 };

/** Where a request stands against the budget that is nearest to running out. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  resetSeconds: number;
}

export interface GatewayRateLimiter {
  /** Counts the request against the address's budget (before authentication, so unknown keys count too). */
  address(address: string): Promise<RateLimitState>;
  /** Counts it against the principal's (API key or person); anonymous callers have only their address's. */
  principal(auth: AuthContext): Promise<RateLimitState | undefined>;
}

/**
 * Budgets in Redis, so they hold across gateway instances (rate-limiter-flexible; each key's
 * window starts with its first request and resets `windowSeconds` later). When Redis fails, each
 * instance falls back to an in-process limiter with the same budgets (fails open, but bounded per
 * instance): an outage of Redis neither stops the platform nor lifts every limit. Without Redis
 * (embedded `npm start`) the in-process limiter is the limiter.
 */
export function createRateLimiter(plans: RateLimitPlans, options: { redis?: Redis | undefined; prefix?: string; logger: Logger }): GatewayRateLimiter {
  const prefix = options.prefix ?? 'flowgraph:ratelimit';
  const limiter = (name: keyof Omit<RateLimitPlans, 'windowSeconds'>): RateLimiterAbstract => {
    const budget = { points: plans[name], duration: plans.windowSeconds, keyPrefix: `${prefix}:${name}` };
    const local = new RateLimiterMemory(budget);
    if (!options.redis) return local;
    return new RateLimiterRedis({ ...budget, storeClient: options.redis, rejectIfRedisNotReady: true, insuranceLimiter: local });
  };
  const limiters = { address: limiter('address'), user: limiter('user'), apiKey: limiter('apiKey') };

  const consume = async (name: keyof typeof limiters, key: string): Promise<RateLimitState> => {
    const limit = plans[name];
    try {
      const result = await limiters[name].consume(key);
      return { limit, remaining: result.remainingPoints, resetSeconds: Math.ceil(result.msBeforeNext / 1000) };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rateLimited(limit, Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      // Neither Redis nor the insurance limiter answered: let the request through rather than fail it.
      options.logger.warn({ err: rejection }, 'rate limiter unavailable; request let through');
      return { limit, remaining: limit, resetSeconds: plans.windowSeconds };
    }
  };

  return {
    address: (address) => consume('address', address),
    principal: async (auth) => {
      if (auth.kind !== 'user') return undefined;
      return auth.client === 'api-key' ? consume('apiKey', `${auth.tenantId}:${auth.userId}`) : consume('user', `${auth.tenantId}:${auth.userId}`);
    },
  };
}

/** IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers) for `state`. */
export function rateLimitHeaders(state: RateLimitState): [string, string][] {
  return [
    ['ratelimit-limit', String(state.limit)],
    ['ratelimit-remaining', String(state.remaining)],
    ['ratelimit-reset', String(state.resetSeconds)],
  ];
}

export function rateLimited(limit: number, retryAfterSeconds: number): GraphQLError {
  const headers = new HeaderMap([['retry-after', String(retryAfterSeconds)], ...rateLimitHeaders({ limit, remaining: 0, resetSeconds: retryAfterSeconds })]);
  return new GraphQLError(`Rate limit exceeded; retry after ${retryAfterSeconds} s`, {
    extensions: { code: 'RATE_LIMITED', retryAfterSeconds, http: { status: 429, headers } },
  });
}

/** The budget nearest to running out, for the response's headers. */
export function tighter(a: RateLimitState, b: RateLimitState | undefined): RateLimitState {
  return b && b.remaining < a.remaining ? b : a;
}
