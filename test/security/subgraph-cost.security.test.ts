import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '@flowgraph/shared';
import { login } from '../support/e2e.js';
import { postGraphQL } from '../support/http.js';
import { startLivePlatform, type LivePlatform } from '../support/live-platform.js';

/** An entity fetch asking for more entities than the cost budget (5,000) allows: each costs 1. */
const OVER_BUDGET = 6_000;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { __typename } }`;
const representations = (count: number) => Array.from({ length: count }, (_, i) => ({ __typename: 'Nobody', id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }));

describe("the cost limit guards every subgraph's own endpoint", { timeout: 180_000 }, () => {
  let platform: LivePlatform;
  let token: string;

  beforeAll(async () => {
    platform = await startLivePlatform({ subgraphs: ['marketplace', 'ai', 'analytics'] });
    token = await login(platform.url);
  }, 180_000);
  afterAll(() => platform?.close());

  const subgraphs = (): [string, StartedSubgraph][] => Object.entries(platform.subgraphs).filter((entry): entry is [string, StartedSubgraph] => entry[1] !== undefined);

  it('refuses an operation over budget at each of the five subgraphs with OPERATION_TOO_COMPLEX and the estimate, running nothing', async () => {
    expect(subgraphs().map(([name]) => name).sort()).toEqual(['ai', 'analytics', 'identity', 'marketplace', 'workflows']);
    for (const [name, subgraph] of subgraphs()) {
      const refused = await postGraphQL(`${subgraph.url}/graphql`, ENTITIES, { token, variables: { r: representations(OVER_BUDGET) } });
      expect(refused.status, name).toBe(400);
      expect(refused.body.errors?.[0]?.extensions, name).toMatchObject({ code: 'OPERATION_TOO_COMPLEX', limit: 'cost', max: 5_000, measured: OVER_BUDGET });
      // Refused before execution: no `data` at all (an executed operation answers `data`, even null).
      expect(refused.body, name).not.toHaveProperty('data');
    }
  });

  it("measures with each subgraph's own @listSize: workflows' cases connection directly costs what it costs at the gateway", async () => {
    const query = `{ cases(first: 100) { edges { node { id workItems { id } history { type } } } } }`;
    const direct = await postGraphQL(`${platform.subgraphs.workflows.url}/graphql`, query, { token });
    expect(direct.body.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_TOO_COMPLEX', limit: 'cost', max: 5_000, measured: 7_201 });
    const cheap = await postGraphQL(`${platform.subgraphs.workflows.url}/graphql`, `{ cases(first: 5) { edges { node { id } } } }`, { token });
    expect(cheap.body.errors).toBeUndefined();
    expect(cheap.body.data).toHaveProperty('cases.edges');
  });

  it('serves an operation within budget at each subgraph: `_service` and a small entity fetch', async () => {
    for (const [name, subgraph] of subgraphs()) {
      const service = await postGraphQL<{ _service: { sdl: string } }>(`${subgraph.url}/graphql`, `{ _service { sdl } }`, { token });
      expect(service.body.errors, name).toBeUndefined();
      expect(service.body.data?._service.sdl, name).toContain('type Query');
      const small = await postGraphQL(`${subgraph.url}/graphql`, ENTITIES, { token, variables: { r: representations(3) } });
      expect(small.body.errors?.[0]?.extensions?.code, name).not.toBe('OPERATION_TOO_COMPLEX');
    }
  });

  it("still answers the gateway's entity fetches: a query across subgraphs", async () => {
    const result = await postGraphQL<{ me: { email: string; specifications: { name: string; createdBy: { email: string } }[] } }>(
      platform.url,
      `{ me { email specifications { name createdBy { email } } } specifications(first: 50) { name createdBy { email } } }`,
      { token },
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.me.specifications.length).toBeGreaterThan(0);
    expect(result.body.data?.me.specifications.every((s) => typeof s.createdBy.email === 'string')).toBe(true);
  });
});
