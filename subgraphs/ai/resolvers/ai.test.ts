import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { aiSubgraph } from '../index.js';

const member = principal(demo.users.user.id, demo.tenant.id, 'user');
const outsider = principal('00000000-0000-4000-8000-00000000bbbb', '00000000-0000-4000-8000-00000000aaaa', 'admin');

describe('ai subgraph', () => {
  let h: Harness<Context>;
  beforeAll(async () => {
    h = await startHarness(aiSubgraph());
  });
  afterAll(() => h.close());

  it('lists generations newest first with status, problems and requester', async () => {
    const result = await h.run<{ workflowGenerations: { status: string; problems: string[]; requestedBy: { id: string }; specificationXml: string | null }[] }>(
      `{ workflowGenerations { status problems requestedBy { id } specificationXml } }`,
      undefined,
      member,
    );
    expect(result.errors).toBeUndefined();
    const [failed, succeeded] = result.data!.workflowGenerations;
    expect(failed).toMatchObject({ status: 'FAILED', requestedBy: { id: demo.users.admin.id }, specificationXml: null });
    expect(failed?.problems).toEqual(['The XOR split of task "payment" has no default flow.']);
    expect(succeeded).toMatchObject({ status: 'SUCCEEDED', requestedBy: { id: demo.users.user.id }, problems: [] });
    expect(succeeded?.specificationXml).toContain('<specificationSet');
  });

  it('looks one up by id; another tenant gets NOT_FOUND', async () => {
    const query = `query($id: ID!) { workflowGeneration(id: $id) { intent } }`;
    const own = await h.run<{ workflowGeneration: { intent: string } }>(query, { id: demo.generations.expenseApproval }, member);
    expect(own.data?.workflowGeneration.intent).toMatch(/expense/);
    const foreign = await h.run(query, { id: demo.generations.expenseApproval }, outsider);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('adds User.workflowGenerations', async () => {
    const result = await h.run<{ _entities: { workflowGenerations: { status: string }[] }[] }>(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { workflowGenerations { status } } } }`,
      { reps: [{ __typename: 'User', id: demo.users.user.id }] },
      member,
    );
    expect(result.data?._entities[0]?.workflowGenerations).toEqual([{ status: 'SUCCEEDED' }]);
  });

  it('denies anonymous callers', async () => {
    const result = await h.run(`{ workflowGenerations { id } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data).toBeNull();
  });
});
