import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { CONCERT_XML } from '../data/demo-specifications.js';
import { workflowsSubgraph } from '../index.js';

const member = principal(demo.users.viewer.id, demo.tenant.id, 'viewer');
const writer = principal(demo.users.user.id, demo.tenant.id, 'user');
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

  it('refuses a specificationSet with verification errors: every error with its element id and code, and no row written for any of its specifications', async () => {
    // A valid specification beside one with two errors: an unreachable task and a predicate on an AND-split.
    const valid = /<specification [\s\S]*<\/specification>/.exec(CONCERT_XML.replace('urn:flowgraph:demo:organise-concert', 'urn:test:valid-sibling'))![0];
    const broken = CONCERT_XML.replace('urn:flowgraph:demo:organise-concert', 'urn:test:broken')
      .replace('<outputCondition id="end"/>', '<task id="Orphan"><name>Orphan</name><flowsInto><nextElementRef id="end"/></flowsInto><join code="xor"/><split code="and"/></task><outputCondition id="end"/>')
      .replace('<flowsInto><nextElementRef id="end"/></flowsInto><join code="xor"/><split code="and"/><decomposesTo id="RunShow"/>', '<flowsInto><nextElementRef id="end"/><predicate>true()</predicate></flowsInto><join code="xor"/><split code="and"/><decomposesTo id="RunShow"/>')
      .replace('</specificationSet>', `${valid}</specificationSet>`);
    const count = async (table: string) => ((await h.deps.database.db.execute(sql.raw(`select count(*)::int as n from workflows.${table}`))) as { rows: { n: number }[] }).rows[0]!.n;
    const before = { specifications: await count('specifications'), outbox: await count('outbox'), listed: (await h.run(`{ specifications { id } }`, undefined, member)).data };

    const result = await h.run(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } warnings { code } } }`, { x: broken }, writer);
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    const { code, issues } = result.errors![0]!.extensions as { code: string; issues: unknown[] };
    expect(code).toBe('BAD_USER_INPUT');
    expect(issues).toHaveLength(2);
    expect(issues).toEqual(
      expect.arrayContaining([
        { severity: 'error', elementId: 'Orphan', netId: 'Concert', code: 'UNREACHABLE', message: expect.stringContaining('Orphan') },
        { severity: 'error', elementId: 'RunShow', netId: 'Concert', code: 'PREDICATE_ON_AND_SPLIT', message: expect.stringContaining('RunShow') },
      ]),
    );
    expect(result.errors![0]!.message).toMatch(/2 error\(s\).*Orphan.*RunShow/);

    expect(await count('specifications')).toBe(before.specifications);
    expect(await count('outbox')).toBe(before.outbox);
    expect((await h.run(`{ specifications { id } }`, undefined, member)).data).toEqual(before.listed);
    const stored = (await h.deps.database.db.execute(sql`select uri from workflows.specifications where uri in ('urn:test:broken', 'urn:test:valid-sibling')`)) as { rows: unknown[] };
    expect(stored.rows).toEqual([]);
    // Without the broken one, the same valid specification imports: it was refused for its sibling alone.
    const alone = await h.run<{ importSpecification: { specifications: { identifier: string }[] } }>(
      `mutation($x: String!) { importSpecification(xml: $x) { specifications { identifier } } }`,
      { x: CONCERT_XML.replace('urn:flowgraph:demo:organise-concert', 'urn:test:valid-sibling') },
      writer,
    );
    expect(alone.data?.importSpecification.specifications).toEqual([{ identifier: 'urn:test:valid-sibling' }]);
    expect(await count('specifications')).toBe(before.specifications + 1);
  });
});
