import { z } from 'zod';
import { DEFAULT_RATE_LIMIT_PLANS, type RateLimitPlans } from './rate-limits.js';
import { costLimitEnvShape, costLimitFromEnv, type CostLimit } from '@flowgraph/shared/graphql/operation-cost';
import { ConfigError, env, loadConfig, type Env } from '@flowgraph/shared/config';
import { operationLimitsEnvShape, operationLimitsFromEnv, type OperationLimits } from '@flowgraph/shared/graphql/operation-limits-config';

/** The workflows streams that start at "now" unless given a case or a cursor (see its schema). */
export const DEFAULT_LIVE_FIELDS = 'caseEvents(caseId,after) workQueueChanged specificationMetricsChanged';

const budget = z.number().int().min(1);
const planNames = z.record(z.string().min(1), z.string().min(1));
/** RATE_LIMIT_PLANS: every plan an assignment names must be defined. */
const rateLimitPlansShape = z
  .object({
    plans: z.record(z.string().min(1), z.object({ user: budget.optional(), apiKey: budget.optional() }).strict()),
    clients: planNames.optional(),
    tenants: planNames.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    for (const [scope, names] of [['clients', value.clients], ['tenants', value.tenants]] as const) {
      for (const [who, plan] of Object.entries(names ?? {})) if (!Object.hasOwn(value.plans, plan)) ctx.addIssue({ code: 'custom', path: [scope, who], message: `no plan named "${plan}"` });
    }
  });

export const gatewayEnvShape = {
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  HOST: z.string().default('0.0.0.0'),
  PORT: env.port(4000),
  /** The composed supergraph to serve; operators can ship another file without code changes. */
  SUPERGRAPH_PATH: z.string().default('schema/supergraph.graphql'),
  /** Reload the supergraph when the file changes; on by default outside production. */
  SUPERGRAPH_WATCH: z.enum(['true', 'false']).optional(),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  JWKS_URL: z.url().default('http://localhost:4001/.well-known/jwks.json'),
  JWT_ISSUER: z.string().default('flowgraph-identity'),
  JWT_AUDIENCE: z.string().default('flowgraph'),
  /** Identity's API-key exchange; defaults to the JWKS host. */
  API_KEY_EXCHANGE_URL: env.optionalUrl(),
  /** Shared with identity for the logout denylist; unset: in-process (only right when co-hosted). */
  REDIS_URL: env.optionalUrl(),
  /** Events a subscription may have waiting for its client before it ends with SLOW_CONSUMER. */
  SUBSCRIPTION_MAX_PENDING_EVENTS: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  /** How often a websocket's credential is checked again, so a logout or revoked API key ends it. */
  WS_CREDENTIAL_RECHECK_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** Operations one websocket may have open at once; past it an operation is refused with SUBSCRIPTION_LIMIT. */
  SUBSCRIPTION_MAX_PER_CONNECTION: z.coerce.number().int().min(1).max(100_000).default(100),
  /** Operations one user (or API key) may have open at once over all its websockets to one gateway instance. */
  SUBSCRIPTION_MAX_PER_USER: z.coerce.number().int().min(1).max(1_000_000).default(300),
  /** Websocket upgrades accepted per client address and minute; past it the upgrade is answered 429. */
  WS_CONNECTIONS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
  /** Peers (load balancers) whose `x-forwarded-for` names the client, for per-address limits; IPs or CIDRs. Default: none. */
  TRUSTED_PROXIES: z.string().default(''),
  /**
   * Subscription fields whose streams start at "now", written `field` or `field(arg,…)` where the
   * arguments are those that make it replay; space-separated. Such subscriptions from one caller
   * share one upstream and one plan execution per event. `none`: nothing is shared.
   */
  SUBSCRIPTION_LIVE_FIELDS: z
    .string()
    .regex(/^(?:none|\s*(?:[_A-Za-z]\w*(?:\([_A-Za-z]\w*(?:,[_A-Za-z]\w*)*\))?(?:\s+|$))*)$/, 'expected "none" or e.g. "caseEvents(caseId,after) workQueueChanged"')
    .default(DEFAULT_LIVE_FIELDS),
  ...operationLimitsEnvShape,
  ...costLimitEnvShape,
  /** Identity's persisted-operation lists (a bound API key's list, read with its token); defaults to the JWKS host. */
  PERSISTED_OPERATIONS_URL: env.optionalUrl(),
  /** How often the lists' epoch is polled: the longest a published or rolled-back list takes to reach this instance. */
  PERSISTED_OPERATIONS_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(1_000),
  /** Requests per window per client address, per signed-in person and per API key (see rate-limits.ts). */
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(DEFAULT_RATE_LIMIT_PLANS.windowSeconds),
  RATE_LIMIT_ADDRESS: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMIT_PLANS.address),
  RATE_LIMIT_USER: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMIT_PLANS.user),
  RATE_LIMIT_API_KEY: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMIT_PLANS.apiKey),
  /**
   * Named plans with their own budgets, and who is on them, as JSON:
   * `{"plans":{"pro":{"user":5000,"apiKey":3000}},"clients":{"acme-mobile":"pro"},"tenants":{"<tenant id>":"pro"}}`.
   */
  RATE_LIMIT_PLANS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return undefined;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'RATE_LIMIT_PLANS must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(rateLimitPlansShape.optional()),
  /** Identical queries by one credential, in flight at once, share one execution (see inflight-queries.ts). */
  GATEWAY_INFLIGHT_DEDUP: z.enum(['on', 'off']).default('on'),
};

/** `caseEvents(caseId,after) workQueueChanged` → { caseEvents: ['caseId', 'after'], workQueueChanged: [] } */
export function parseLiveFields(text: string): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  if (text.trim() === 'none') return fields;
  for (const match of text.matchAll(/([_A-Za-z]\w*)(?:\(([^)]*)\))?/g)) fields[match[1]!] = match[2] ? match[2].split(',') : [];
  return fields;
}

export interface GatewayConfig {
  production: boolean;
  logLevel: string;
  host: string;
  port: number;
  supergraphPath: string;
  watchSupergraph: boolean;
  subgraphTimeoutMs: number;
  /** Routing URL overrides by subgraph name, from SUBGRAPH_<NAME>_URL; the supergraph's URLs apply otherwise. */
  subgraphUrls: Record<string, string>;
  auth: { jwksUrl: string; issuer: string; audience: string; apiKeyExchangeUrl: string };
  redisUrl?: string | undefined;
  /** Request and document limits (see operation-limits-config.ts); DEFAULT_OPERATION_LIMITS when absent. */
  limits?: OperationLimits | undefined;
  /** The cost limit (see operation-cost.ts); DEFAULT_COST_LIMIT when absent. */
  cost?: CostLimit | undefined;
  /** Partner clients' persisted operations: identity's list route and the poll interval; derived from the JWKS URL and 1 s when absent. */
  persistedOperations?: { url?: string | undefined; pollMs?: number | undefined } | undefined;
  /** Per-caller request budgets; DEFAULT_RATE_LIMIT_PLANS when absent. */
  rateLimits?: RateLimitPlans | undefined;
  /** Proxies whose `x-forwarded-for` names the client (IPs or CIDRs, comma-separated). */
  trustedProxies?: string | undefined;
  /** Identical in-flight queries by one credential share one execution (see inflight-queries.ts); on when absent. */
  inflightDedup?: boolean | undefined;
  /** graphql-ws at the gateway; absent fields take the defaults of gatewayEnvShape. */
  websocket?:
    | {
        maxPendingEvents?: number | undefined;
        credentialRecheckMs?: number | undefined;
        liveFields?: Record<string, string[]> | undefined;
        /** Bounds per connection, per user and per client address (see WsLimits); absent: the defaults of gatewayEnvShape. */
        maxPerConnection?: number | undefined;
        maxPerUser?: number | undefined;
        connectionsPerMinute?: number | undefined;
        /** Whose `x-forwarded-for` is believed for the per-address rate (comma-separated IPs or CIDRs). */
        trustedProxies?: string | undefined;
        /** The clients' websocket keep-alive (see attachGraphQLWebSocket); graphql-ws's 12 s by default. */
        keepAliveMs?: number | undefined;
      }
    | undefined;
}

const SUBGRAPH_URL = /^SUBGRAPH_([A-Z0-9_]+)_URL$/;

export function gatewayConfigFromEnv(source: Env = process.env): GatewayConfig {
  const problems: string[] = [];
  let base: z.infer<z.ZodObject<typeof gatewayEnvShape>> | undefined;
  try {
    base = loadConfig('gateway', gatewayEnvShape, source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const subgraphUrls: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    const match = SUBGRAPH_URL.exec(key);
    if (!match?.[1] || !value) continue;
    if (!URL.canParse(value)) problems.push(`${key}=${JSON.stringify(value)} is invalid: not a URL`);
    else subgraphUrls[match[1].toLowerCase()] = value;
  }
  if (problems.length || !base) throw new ConfigError('gateway', problems);
  const production = base.NODE_ENV === 'production';
  return {
    production,
    logLevel: base.LOG_LEVEL,
    host: base.HOST,
    port: base.PORT,
    supergraphPath: base.SUPERGRAPH_PATH,
    watchSupergraph: base.SUPERGRAPH_WATCH ? base.SUPERGRAPH_WATCH === 'true' : !production,
    subgraphTimeoutMs: base.SUBGRAPH_TIMEOUT_MS,
    subgraphUrls,
    auth: {
      jwksUrl: base.JWKS_URL,
      issuer: base.JWT_ISSUER,
      audience: base.JWT_AUDIENCE,
      apiKeyExchangeUrl: base.API_KEY_EXCHANGE_URL ?? new URL('/auth/api-key-token', base.JWKS_URL).toString(),
    },
    redisUrl: base.REDIS_URL,
    limits: operationLimitsFromEnv(base),
    cost: costLimitFromEnv(base),
    persistedOperations: { url: base.PERSISTED_OPERATIONS_URL, pollMs: base.PERSISTED_OPERATIONS_POLL_MS },
    rateLimits: {
      windowSeconds: base.RATE_LIMIT_WINDOW_SECONDS,
      address: base.RATE_LIMIT_ADDRESS,
      user: base.RATE_LIMIT_USER,
      apiKey: base.RATE_LIMIT_API_KEY,
      plans: base.RATE_LIMIT_PLANS?.plans,
      assignments: base.RATE_LIMIT_PLANS && { clients: base.RATE_LIMIT_PLANS.clients, tenants: base.RATE_LIMIT_PLANS.tenants },
    },
    trustedProxies: base.TRUSTED_PROXIES,
    inflightDedup: base.GATEWAY_INFLIGHT_DEDUP === 'on',
    websocket: {
      maxPendingEvents: base.SUBSCRIPTION_MAX_PENDING_EVENTS,
      credentialRecheckMs: base.WS_CREDENTIAL_RECHECK_MS,
      liveFields: parseLiveFields(base.SUBSCRIPTION_LIVE_FIELDS),
      maxPerConnection: base.SUBSCRIPTION_MAX_PER_CONNECTION,
      maxPerUser: base.SUBSCRIPTION_MAX_PER_USER,
      connectionsPerMinute: base.WS_CONNECTIONS_PER_MINUTE,
      trustedProxies: base.TRUSTED_PROXIES,
    },
  };
}
