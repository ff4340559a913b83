import { describe, expect, it } from 'vitest';
import type { GraphQLError } from 'graphql';
import type { Principal } from '@flowgraph/shared/auth/context';
import { createLogger } from '@flowgraph/shared/logger';
import { createRateLimiter, type RateLimitPlans } from './rate-limits.js';

const caller = (tenantId: string, userId: string, clientName?: string): Principal => ({
  kind: 'user',
  tenantId,
  userId,
  roles: ['viewer'],
  tokenId: `jti-${userId}`,
  expiresAt: new Date(Date.now() + 3_600_000),
  ...(clientName ? { client: 'api-key' as const, clientName } : {}),
});

/** Requests the limiter lets through before refusing one, all at the same instant. */
async function budgetOf(limiter: ReturnType<typeof createRateLimiter>, who: Principal): Promise<{ served: number; limit: number | undefined; code: unknown }> {
  let served = 0;
  let limit: number | undefined;
  for (;;) {
    try {
      limit = (await limiter.principal(who))?.limit;
      served += 1;
    } catch (error) {
      return { served, limit, code: (error as GraphQLError).extensions.code };
    }
  }
}

describe('rate-limit plans', () => {
  const plans: RateLimitPlans = {
    windowSeconds: 60,
    address: 1_000,
    user: 3,
    apiKey: 2,
    plans: { pro: { apiKey: 6 }, team: { user: 5 } },
    assignments: { clients: { 'acme-mobile': 'pro' }, tenants: { 'tenant-team': 'team', 'tenant-pro': 'pro' } },
  };
  const at = 1_700_000_000_000;
  const limiter = () => createRateLimiter(plans, { logger: createLogger('rate-limits-test', 'silent'), now: () => at });

  it("gives a partner client its plan's budget, and every other caller the budget of its kind", async () => {
    const rl = limiter();
    expect(await budgetOf(rl, caller('tenant-a', 'key-1', 'acme-mobile'))).toEqual({ served: 6, limit: 6, code: 'RATE_LIMITED' });
    expect(await budgetOf(rl, caller('tenant-a', 'key-2', 'other-client'))).toEqual({ served: 2, limit: 2, code: 'RATE_LIMITED' });
    expect(await budgetOf(rl, caller('tenant-a', 'person-1'))).toEqual({ served: 3, limit: 3, code: 'RATE_LIMITED' });
  });

  it("falls back to the tenant's plan, and to the default for a kind the plan leaves out", async () => {
    const rl = limiter();
    expect(await budgetOf(rl, caller('tenant-team', 'person-2'))).toEqual({ served: 5, limit: 5, code: 'RATE_LIMITED' });
    expect(await budgetOf(rl, caller('tenant-team', 'key-3', 'unassigned'))).toEqual({ served: 2, limit: 2, code: 'RATE_LIMITED' });
    expect(await budgetOf(rl, caller('tenant-pro', 'key-4', 'unassigned'))).toEqual({ served: 6, limit: 6, code: 'RATE_LIMITED' });
    // A name that only an object's prototype has is no plan.
    expect(await budgetOf(rl, caller('constructor', 'person-3'))).toEqual({ served: 3, limit: 3, code: 'RATE_LIMITED' });
  });
});
