import { describe, expect, it } from 'vitest';
import { ConfigError } from '@flowgraph/shared/config';
import { DEFAULT_OPERATION_LIMITS } from '@flowgraph/shared/graphql/operation-limits-config';
import { gatewayConfigFromEnv } from './config.js';

describe('gateway config', () => {
  it('applies documented defaults', () => {
    expect(gatewayConfigFromEnv({})).toEqual({
      production: false,
      logLevel: 'info',
      host: '0.0.0.0',
      port: 4000,
      supergraphPath: 'schema/supergraph.graphql',
      watchSupergraph: true,
      subgraphTimeoutMs: 10_000,
      subgraphUrls: {},
      auth: {
        jwksUrl: 'http://localhost:4001/.well-known/jwks.json',
        issuer: 'flowgraph-identity',
        audience: 'flowgraph',
        apiKeyExchangeUrl: 'http://localhost:4001/auth/api-key-token',
      },
      redisUrl: undefined,
      limits: DEFAULT_OPERATION_LIMITS,
      cost: { maxCost: 5_000, mode: 'enforce', defaultListSize: 10 },
      persistedOperations: { url: undefined, pollMs: 1_000 },
      rateLimits: { windowSeconds: 60, address: 3_000, user: 1_200, apiKey: 600 },
      trustedProxies: '',
      inflightDedup: true,
      websocket: {
        maxPendingEvents: 1_000,
        credentialRecheckMs: 30_000,
        liveFields: { caseEvents: ['caseId', 'after'], workQueueChanged: [], specificationMetricsChanged: [] },
        maxPerConnection: 100,
        maxPerUser: 300,
        connectionsPerMinute: 60,
        trustedProxies: '',
      },
    });
  });

  it('reads named rate-limit plans and who is on them, and refuses an assignment to a plan it does not define', () => {
    const plans = { plans: { pro: { user: 5_000, apiKey: 3_000 } }, clients: { 'acme-mobile': 'pro' }, tenants: { 't-1': 'pro' } };
    expect(gatewayConfigFromEnv({ RATE_LIMIT_PLANS: JSON.stringify(plans) }).rateLimits).toEqual({
      windowSeconds: 60,
      address: 3_000,
      user: 1_200,
      apiKey: 600,
      plans: { pro: { user: 5_000, apiKey: 3_000 } },
      assignments: { clients: { 'acme-mobile': 'pro' }, tenants: { 't-1': 'pro' } },
    });
    expect(() => gatewayConfigFromEnv({ RATE_LIMIT_PLANS: '{"plans":{},"clients":{"acme":"gold"}}' })).toThrow(/no plan named "gold"/);
    expect(() => gatewayConfigFromEnv({ RATE_LIMIT_PLANS: '{"plans":{"pro":{"user":0}}}' })).toThrow(/RATE_LIMIT_PLANS/);
    expect(() => gatewayConfigFromEnv({ RATE_LIMIT_PLANS: 'pro=5000' })).toThrow(/RATE_LIMIT_PLANS/);
  });

  it('reads and validates the websocket limits', () => {
    expect(
      gatewayConfigFromEnv({
        SUBSCRIPTION_MAX_PENDING_EVENTS: '50',
        WS_CREDENTIAL_RECHECK_MS: '500',
        SUBSCRIPTION_LIVE_FIELDS: 'none',
        SUBSCRIPTION_MAX_PER_CONNECTION: '5',
        SUBSCRIPTION_MAX_PER_USER: '7',
        WS_CONNECTIONS_PER_MINUTE: '9',
        TRUSTED_PROXIES: '10.0.0.0/8',
      }).websocket,
    ).toEqual({ maxPendingEvents: 50, credentialRecheckMs: 500, liveFields: {}, maxPerConnection: 5, maxPerUser: 7, connectionsPerMinute: 9, trustedProxies: '10.0.0.0/8' });
    expect(() => gatewayConfigFromEnv({ SUBSCRIPTION_MAX_PER_USER: '0' })).toThrow(/SUBSCRIPTION_MAX_PER_USER="0" is invalid/);
    expect(() => gatewayConfigFromEnv({ WS_CONNECTIONS_PER_MINUTE: 'many' })).toThrow(/WS_CONNECTIONS_PER_MINUTE="many" is invalid/);
    expect(gatewayConfigFromEnv({ SUBSCRIPTION_LIVE_FIELDS: 'a  b(x) c(y,z)' }).websocket?.liveFields).toEqual({ a: [], b: ['x'], c: ['y', 'z'] });
    expect(() => gatewayConfigFromEnv({ SUBSCRIPTION_LIVE_FIELDS: 'a(' })).toThrow(/SUBSCRIPTION_LIVE_FIELDS/);
    expect(() => gatewayConfigFromEnv({ SUBSCRIPTION_MAX_PENDING_EVENTS: '0' })).toThrow(/SUBSCRIPTION_MAX_PENDING_EVENTS="0" is invalid/);
    expect(() => gatewayConfigFromEnv({ SUBSCRIPTION_MAX_PENDING_EVENTS: 'lots' })).toThrow(/SUBSCRIPTION_MAX_PENDING_EVENTS="lots" is invalid/);
    expect(() => gatewayConfigFromEnv({ WS_CREDENTIAL_RECHECK_MS: '10' })).toThrow(/WS_CREDENTIAL_RECHECK_MS="10" is invalid/);
  });

  it('turns in-flight query deduplication off only when told', () => {
    expect(gatewayConfigFromEnv({ GATEWAY_INFLIGHT_DEDUP: 'on' }).inflightDedup).toBe(true);
    expect(gatewayConfigFromEnv({ GATEWAY_INFLIGHT_DEDUP: 'off' }).inflightDedup).toBe(false);
    expect(() => gatewayConfigFromEnv({ GATEWAY_INFLIGHT_DEDUP: 'false' })).toThrow(/GATEWAY_INFLIGHT_DEDUP="false" is invalid/);
  });

  it('reads and validates the operation limits', () => {
    expect(gatewayConfigFromEnv({ OPERATION_MAX_DEPTH: '20', MAX_BATCH_OPERATIONS: '10', MAX_BODY_BYTES: '2048' }).limits).toEqual({
      ...DEFAULT_OPERATION_LIMITS,
      maxDepth: 20,
      maxBatch: 10,
      maxBodyBytes: 2048,
    });
    expect(() => gatewayConfigFromEnv({ OPERATION_MAX_DEPTH: '0' })).toThrow(/OPERATION_MAX_DEPTH="0" is invalid/);
  });

  it('reads subgraph URL overrides and turns watching off in production', () => {
    const config = gatewayConfigFromEnv({ NODE_ENV: 'production', SUBGRAPH_IDENTITY_URL: 'http://identity:4001/graphql', SUPERGRAPH_PATH: '/etc/supergraph.graphql' });
    expect(config).toMatchObject({ production: true, watchSupergraph: false, supergraphPath: '/etc/supergraph.graphql', subgraphUrls: { identity: 'http://identity:4001/graphql' } });
  });

  it('lists every invalid variable in one error', () => {
    let error: unknown;
    try {
      gatewayConfigFromEnv({ PORT: 'eighty', NODE_ENV: 'staging', SUBGRAPH_AI_URL: 'not a url' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toHaveLength(3);
    expect(message).toMatch(/PORT="eighty" is invalid/);
    expect(message).toMatch(/NODE_ENV="staging" is invalid/);
    expect(message).toMatch(/SUBGRAPH_AI_URL="not a url" is invalid/);
  });
});
