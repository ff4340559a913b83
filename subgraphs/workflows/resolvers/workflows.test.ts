import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { workflowsSubgraph } from '../index.js';

const member = principal(demo.users.viewer.id, demo.tenant.id, 'viewer');
const outsider = principal('00000000-0000-4000-8000-00000000bbbb', '00000000-0000-4000-8000-00000000aaaa', 'admin');

describe('workflows subgraph', () => {
  let h: Harness<Context>;
  const statements: string[] = [];
  beforeAll(async () => {
    h = await startHarness(workflowsSubgraph(), { onQuery: (query) => statements.push(query) });
  });
  afterAll(() => h.close());

  it('lists the tenant specifications newest first with their creators as references', async () => {
    const result = await h.run<{ specifications: { name: string; version: string; createdBy: { id: string } }[] }>(
      `{ specifications { name version createdBy { id } } }`,
      undefined,
      member,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.specifications).toEqual([
      { name: 'Organise concert', version: '2.1', createdBy: { id: demo.users.user.id } },
      { name: 'Order fulfilment', version: '1.0', createdBy: { id: demo.users.admin.id } },
    ]);
  });

  it('looks a specification up by id, and hides it from another tenant', async () => {
    const query = `query($id: ID!) { specification(id: $id) { identifier } }`;
    const own = await h.run(query, { id: demo.specifications.concert }, member);
    expect(own.data).toEqual({ specification: { identifier: 'urn:flowgraph:demo:organise-concert' } });
    const foreign = await h.run(query, { id: demo.specifications.concert }, outsider);
    expect(foreign.data).toEqual({ specification: null });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const outsiderList = await h.run(`{ specifications { id } }`, undefined, outsider);
    expect(outsiderList.data).toEqual({ specifications: [] });
  });

  it('rejects bad arguments with BAD_USER_INPUT', async () => {
    const badId = await h.run(`{ specification(id: "not-a-uuid") { id } }`, undefined, member);
    expect(badId.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badPage = await h.run(`{ specifications(first: 0) { id } }`, undefined, member);
    expect(badPage.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('requires authentication', async () => {
    const result = await h.run(`{ specifications { id } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('resolves N specification references with one store query', async () => {
    const reps = [demo.specifications.orderFulfilment, demo.specifications.concert, demo.specifications.orderFulfilment, '00000000-0000-4000-8000-000000000299'].map(
      (id) => ({ __typename: 'Specification', id }),
    );
    statements.length = 0;
    const result = await h.run<{ _entities: ({ name: string } | null)[] }>(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Specification { name } } }`,
      { reps },
      member,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([{ name: 'Order fulfilment' }, { name: 'Organise concert' }, { name: 'Order fulfilment' }, null]);
    expect(statements.filter((s) => s.includes('"workflows"."specifications"'))).toHaveLength(1);
  });

  it('adds User.specifications with one store query for N users', async () => {
    const reps = Object.values(demo.users).map((u) => ({ __typename: 'User', id: u.id }));
    statements.length = 0;
    const result = await h.run<{ _entities: { id: string; specifications: { name: string }[] }[] }>(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id specifications { name } } } }`,
      { reps },
      member,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities.map((u) => u.specifications.map((s) => s.name))).toEqual([['Order fulfilment'], ['Organise concert'], []]);
    expect(statements.filter((s) => s.includes('"workflows"."specifications"'))).toHaveLength(1);
  });

  it('reads a model from the store only when the catalog cache misses', async () => {
    const query = `query($id: ID!) { specification(id: $id) { runnable xml } }`;
    const modelReads = () => statements.filter((s) => /^select "model" from "workflows"."specifications"/.test(s)).length;
    statements.length = 0;
    const first = await h.run<{ specification: { runnable: boolean; xml: string } }>(query, { id: demo.specifications.concert }, member);
    expect(first.errors).toBeUndefined();
    expect(first.data?.specification.runnable).toBe(true);
    expect(first.data?.specification.xml).toContain('<specificationSet');
    expect(modelReads()).toBe(1);
    const second = await h.run<{ specification: { xml: string } }>(query, { id: demo.specifications.concert }, member);
    expect(second.data?.specification.xml).toBe(first.data?.specification.xml);
    expect(modelReads()).toBe(1);
    // Listing never reads models at all.
    await h.run(`{ specifications { name runnable } }`, undefined, member);
    expect(modelReads()).toBe(1);
  });
});
