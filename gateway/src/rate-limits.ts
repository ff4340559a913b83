import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Redis } from 'ioredis';
import type { AuthContext } from '@flowgraph/shared/auth/context';
import type { Logger } from '@flowgraph/shared/logger';
import { MemorySlidingWindow, RedisSlidingWindow, type SlidingWindowVerdict } from './sliding-window.js';

/** Requests per window for each kind of caller; each request counts against its address and its principal. */
export interface RateLimitPlans {
  windowSeconds: number;
  /** Per client address, whoever the caller is: bounds anonymous traffic and API-key guessing. */
  address: number;
  /** Per signed-in person. */
  user: number;
  /** Per partner API key. */
  apiKey: number;
  /** Named plans with budgets of their own, and who is on which (see RateLimitPlanAssignments); none by default. */
  plans?: Readonly<Record<string, PlanBudgets>> | undefined;
  assignments?: RateLimitPlanAssignments | undefined;
}

/** A plan's budgets per window; a kind it leaves out keeps the default budget. */
export interface PlanBudgets {
  user?: number | undefined;
  apiKey?: number | undefined;
}

/** Who is on which plan: a partner client (by client name) first, else its tenant. */
export interface RateLimitPlanAssignments {
  clients?: Readonly<Record<string, string>> | undefined;
  tenants?: Readonly<Record<string, string>> | undefined;
}

/** The budget of a principal of `kind`: its plan's, else the default for its kind. */
export function principalBudget(plans: RateLimitPlans, kind: 'user' | 'apiKey', auth: { tenantId: string; clientName?: string | undefined }): number {
  const own = (names: Readonly<Record<string, string>> | undefined, key: string | undefined) => (key !== undefined && names && Object.hasOwn(names, key) ? names[key] : undefined);
  const plan = own(plans.assignments?.clients, auth.clientName) ?? own(plans.assignments?.tenants, auth.tenantId);
  const budgets = plan !== undefined && plans.plans && Object.hasOwn(plans.plans, plan) ? plans.plans[plan] : undefined;
  return budgets?.[kind] ?? plans[kind];
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

/** How often a Redis failure is logged while the in-process fallback counts instead. */
const OUTAGE_LOG_MS = 60_000;

/**
 * Budgets counted in sliding windows (see sliding-window.ts) in Redis, so they hold across gateway
 * instances. When Redis fails, each instance counts in process with the same budgets (fails open, but
 * bounded per instance): an outage of Redis neither stops the platform nor lifts every limit. Without
 * Redis (embedded `npm start`) the in-process counter is the counter.
 */
export function createRateLimiter(plans: RateLimitPlans, options: { redis?: Redis | undefined; prefix?: string; logger: Logger; now?: () => number }): GatewayRateLimiter {
  const prefix = options.prefix ?? 'flowgraph:ratelimit';
  const now = options.now ?? Date.now;
  const local = new MemorySlidingWindow();
  const shared = options.redis ? new RedisSlidingWindow(options.redis, prefix) : undefined;
  const windowMs = plans.windowSeconds * 1000;
  let loggedOutageAt = -Infinity;

  const hit = async (key: string, budget: number, at: number): Promise<SlidingWindowVerdict> => {
    if (!shared) return local.hit(key, budget, windowMs, at);
    try {
      return await shared.hit(key, budget, windowMs, at);
    } catch (error) {
      if (at - loggedOutageAt >= OUTAGE_LOG_MS) {
        loggedOutageAt = at;
        options.logger.warn({ err: error }, 'rate limits: Redis unavailable; counting in this instance');
      }
      return local.hit(key, budget, windowMs, at);
    }
  };

  const consume = async (name: 'address' | 'user' | 'apiKey', key: string, limit: number): Promise<RateLimitState> => {
    const result = await hit(`${name}:${key}`, limit, now());
    if (!result.allowed) throw rateLimited(limit, Math.max(1, Math.ceil(result.retryAfterMs / 1000)));
    return { limit, remaining: Math.max(0, Math.floor(limit - result.counted)), resetSeconds: Math.ceil(result.resetMs / 1000) };
  };

  return {
    address: (address) => consume('address', address, plans.address),
    principal: async (auth) => {
      if (auth.kind !== 'user') return undefined;
      const kind = auth.client === 'api-key' ? 'apiKey' : 'user';
      return consume(kind, `${auth.tenantId}:${auth.userId}`, principalBudget(plans, kind, auth));
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
