import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCache } from '@flowgraph/shared/cache/memory-cache';
import { createLogger } from '@flowgraph/shared/logger';
import { postGraphQL } from '../../test/support/http.js';
import { gatewayConfigFromEnv } from './config.js';
import { startGateway, type RunningGateway } from './gateway.js';

describe('gateway in production', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway({ ...gatewayConfigFromEnv({}), production: true, logLevel: 'silent', host: '127.0.0.1', port: 0, supergraphPath: 'schema/supergraph.graphql', watchSupergraph: false, subgraphTimeoutMs: 1000, subgraphUrls: {} }, { logger: createLogger('gateway', 'silent'), cache: new MemoryCache() });
  });
  afterAll(() => gateway.close());

  it('refuses introspection', async () => {
    const result = await postGraphQL(`${gateway.url}/`, `{ __schema { types { name } } }`);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.body.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('does not embed Sandbox on its landing page', async () => {
    const page = await fetch(`${gateway.url}/`, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(html).not.toContain('id="embeddableSandbox"');
    expect(html).toContain('Apollo');
  });
});
