import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { startPlatform, type Platform } from '../../scripts/lib/platform.js';
import { postGraphQL } from '../support/http.js';
import { TEST_IDENTITY, login } from '../support/e2e.js';

const identity = TEST_IDENTITY;

describe('the supergraph end to end', () => {
  let platform: Platform;
  let url: string;
  let token: string;

  beforeAll(async () => {
    platform = await startPlatform({
      basePort: 0,
      host: '127.0.0.1',
      seed: true,
      logLevel: 'silent',
      supergraphPath: 'schema/supergraph.graphql',
      watchSupergraph: false,
      identity,
    });
    url = `${platform.gateway.url}/`;
    token = await login(url, demo.users.admin.email);
  });
  afterAll(() => platform?.close());

  it('answers one query with data from all five subgraphs', async () => {
    const result = await postGraphQL(
      url,
      `{
        me {
          name
          tenant { name metrics { casesStarted } }
          specifications { name createdBy { email } metrics { casesStarted casesCompleted } templates { name } }
          templates { name creator { name } }
          workflowGenerations { status }
        }
      }`,
      { token },
    );
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    const me = (result.body.data as { me: Record<string, unknown> }).me;
    expect(me).toMatchObject({
      name: demo.users.admin.name,
      tenant: { name: demo.tenant.name },
      specifications: [{ name: 'Order fulfilment', createdBy: { email: demo.users.admin.email } }],
      workflowGenerations: [{ status: 'FAILED' }],
    });
    const [spec] = me.specifications as { metrics: { casesStarted: number; casesCompleted: number }; templates: { name: string }[] }[];
    expect(spec?.metrics.casesStarted).toBeGreaterThan(0);
    expect(spec?.metrics.casesCompleted).toBeGreaterThan(0);
    expect(spec?.templates.length).toBeGreaterThan(0);
    const tenantMetrics = (me.tenant as { metrics: { casesStarted: number } }).metrics;
    expect(tenantMetrics.casesStarted).toBeGreaterThanOrEqual(spec!.metrics.casesStarted);
    expect(me.templates).toEqual(expect.arrayContaining([expect.objectContaining({ creator: { name: demo.users.admin.name } })]));
  });

  it('forwards credentials: without a token the subgraphs refuse, with a bad one too', async () => {
    const anonymous = await postGraphQL(url, `{ specifications { name } }`);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.body.data).toBeNull();
    const forged = await postGraphQL(url, `{ specifications { name } }`, { token: `${token.slice(0, -4)}AAAA` });
    expect(forged.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(forged.body.data ?? null).toBeNull();
  });

  it('reports bad input with stable codes', async () => {
    const malformed = await postGraphQL(url, `{ me { name `, { token });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknownField = await postGraphQL(url, `{ me { shoeSize } }`, { token });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const invalidId = await postGraphQL(url, `{ specification(id: "123") { name } }`, { token });
    expect(invalidId.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(invalidId.body.data).toEqual({ specification: null });
    const missing = await postGraphQL(url, `{ template(id: "00000000-0000-4000-8000-0000000003ff") { name } }`, { token });
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('serves Sandbox to browsers and blocks CSRF-able GET requests', async () => {
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('id="embeddableSandbox"');
    const simpleGet = await fetch(`${url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(simpleGet.status).toBe(400);
    expect(await simpleGet.text()).toContain('CSRF');
  });

  it('reports liveness and readiness of the gateway and every subgraph', async () => {
    for (const base of [platform.gateway.url, ...Object.values(platform.subgraphs).map((s) => s.url)]) {
      const live = await fetch(`${base}/health/live`);
      expect(live.status).toBe(200);
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ok' });
    }
  });
});
