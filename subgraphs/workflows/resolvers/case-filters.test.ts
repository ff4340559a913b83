import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { CONCERT_XML } from '../data/demo-specifications.js';
import { workflowsSubgraph } from '../index.js';

const user = principal(demo.users.user.id, demo.tenant.id, 'user');
const admin = principal(demo.users.admin.id, demo.tenant.id, 'admin');
const outsider = principal('00000000-0000-4000-8000-00000000bbbb', '00000000-0000-4000-8000-00000000aaaa', 'admin');

type Node = { id: string; status: string; startedAt: string; specification: { id: string } };
type Page = { edges: { cursor: string; node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
const PAGE = `edges { cursor node { id status startedAt specification { id } } } pageInfo { hasNextPage endCursor }`;

/**
 * `cases(specificationId, status, first, after)`, on a harness of its own so the cases it sees are
 * exactly the ones launched here: five on an imported specification (two of them suspended, one
 * cancelled), two on the demo concert.
 */
describe('cases query filters', () => {
  let h: Harness<Context>;
  let imported: string;
  const onImported: Record<'running' | 'suspended' | 'cancelled', string[]> = { running: [], suspended: [], cancelled: [] };
  const onConcert: string[] = [];

  const cases = async (args: Record<string, unknown>, as = user) => {
    const result = await h.run<{ cases: Page }>(
      `query($s: ID, $st: CaseStatus, $first: Int, $after: String) { cases(specificationId: $s, status: $st, first: $first, after: $after) { ${PAGE} } }`,
      args,
      as,
    );
    return result;
  };
  const ids = (page: Page) => page.edges.map((e) => e.node.id);

  /** Every page of a filtered listing, following cursors; fails on a repeated case. */
  async function allPages(args: Record<string, unknown>, first: number): Promise<{ nodes: Node[]; pages: number }> {
    const nodes: Node[] = [];
    let after: string | null = null;
    for (let pages = 1; pages < 20; pages++) {
      const result = await cases({ ...args, first, after });
      expect(result.errors).toBeUndefined();
      const page = result.data!.cases;
      expect(page.edges.length).toBeLessThanOrEqual(first);
      nodes.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) return { nodes, pages };
      expect(page.edges).toHaveLength(first);
      after = page.pageInfo.endCursor;
    }
    throw new Error('pagination did not end');
  }

  const launch = async (specificationId: string) => {
    const result = await h.run<{ launchCase: { id: string } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: specificationId }, user);
    expect(result.errors).toBeUndefined();
    return result.data!.launchCase.id;
  };
  // Case commands are for tenant admins.
  const command = async (name: 'suspendCase' | 'cancelCase', id: string) => expect((await h.run(`mutation($id: ID!) { ${name}(id: $id) { id } }`, { id }, admin)).errors).toBeUndefined();

  beforeAll(async () => {
    h = await startHarness(workflowsSubgraph());
    const result = await h.run<{ importSpecification: { specifications: { id: string }[] } }>(
      `mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`,
      { x: CONCERT_XML.replace('urn:flowgraph:demo:organise-concert', 'urn:test:filters') },
      user,
    );
    expect(result.errors).toBeUndefined();
    imported = result.data!.importSpecification.specifications[0]!.id;
    for (let i = 0; i < 5; i++) {
      onConcert.push(...(i < 2 ? [await launch(demo.specifications.concert)] : []));
      const id = await launch(imported);
      if (i === 1 || i === 3) {
        await command('suspendCase', id);
        onImported.suspended.push(id);
      } else if (i === 2) {
        await command('cancelCase', id);
        onImported.cancelled.push(id);
      } else onImported.running.push(id);
    }
  });
  afterAll(() => h.close());

  it('keeps only the cases of one specification, newest first', async () => {
    const result = await cases({ s: imported });
    expect(result.errors).toBeUndefined();
    const page = result.data!.cases;
    expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: page.edges.at(-1)!.cursor });
    expect(new Set(ids(page))).toEqual(new Set([...onImported.running, ...onImported.suspended, ...onImported.cancelled]));
    expect(page.edges.every((e) => e.node.specification.id === imported)).toBe(true);
    const order = page.edges.map((e) => [e.node.startedAt, e.node.id].join(' '));
    expect(order).toEqual([...order].sort().reverse());

    const concert = (await cases({ s: demo.specifications.concert })).data!.cases;
    expect(new Set(ids(concert))).toEqual(new Set(onConcert));
  });

  it('keeps only the cases in one status, across specifications', async () => {
    const suspended = (await cases({ st: 'SUSPENDED' })).data!.cases;
    expect(new Set(ids(suspended))).toEqual(new Set(onImported.suspended));
    expect(suspended.edges.every((e) => e.node.status === 'SUSPENDED')).toBe(true);
    const running = (await cases({ st: 'RUNNING' })).data!.cases;
    expect(new Set(ids(running))).toEqual(new Set([...onImported.running, ...onConcert]));
    expect((await cases({ st: 'COMPLETED' })).data!.cases).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('combines both filters', async () => {
    expect(new Set(ids((await cases({ s: imported, st: 'RUNNING' })).data!.cases))).toEqual(new Set(onImported.running));
    expect(ids((await cases({ s: imported, st: 'CANCELLED' })).data!.cases)).toEqual(onImported.cancelled);
    expect(ids((await cases({ s: demo.specifications.concert, st: 'SUSPENDED' })).data!.cases)).toEqual([]);
  });

  it('paginates a filtered listing: every matching case once, in the unfiltered order, and nothing else', async () => {
    const everything = ids((await cases({ first: 100 })).data!.cases);
    const bySpec = await allPages({ s: imported }, 2);
    expect(bySpec.pages).toBe(3);
    expect(bySpec.nodes.map((n) => n.id)).toEqual(everything.filter((id) => bySpec.nodes.some((n) => n.id === id)));
    expect(new Set(bySpec.nodes.map((n) => n.id))).toEqual(new Set([...onImported.running, ...onImported.suspended, ...onImported.cancelled]));
    expect(bySpec.nodes.every((n) => n.specification.id === imported)).toBe(true);

    const running = await allPages({ st: 'RUNNING' }, 1);
    expect(running.pages).toBe(onImported.running.length + onConcert.length);
    expect(new Set(running.nodes.map((n) => n.id))).toEqual(new Set([...onImported.running, ...onConcert]));
    expect(running.nodes.map((n) => n.id)).toEqual(everything.filter((id) => running.nodes.some((n) => n.id === id)));

    const both = await allPages({ s: imported, st: 'SUSPENDED' }, 1);
    expect(both.nodes.map((n) => n.id).sort()).toEqual([...onImported.suspended].sort());
    expect(both.pages).toBe(2);
  });

  it('continues a filtered listing from a cursor of the unfiltered one', async () => {
    // A cursor is a position (startedAt, id), not tied to the filter it came from.
    const [first] = (await cases({ first: 1 })).data!.cases.edges;
    const rest = ids((await cases({ s: imported, after: first!.cursor })).data!.cases);
    const all = ids((await cases({ s: imported })).data!.cases);
    expect(rest).toEqual(all.filter((id) => id !== first!.node.id));
  });

  it('finds nothing for an unknown or foreign specification, and refuses a specificationId that is not an id', async () => {
    expect(ids((await cases({ s: '00000000-0000-4000-8000-0000000000ff' })).data!.cases)).toEqual([]);
    expect(ids((await cases({ s: imported }, outsider)).data!.cases)).toEqual([]);
    const bad = await cases({ s: 'concert' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'specificationId' });
    const badStatus = await cases({ st: 'PAUSED' });
    expect(badStatus.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
