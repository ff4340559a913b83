import { randomUUID } from 'node:crypto';
// The CommonJS build, which the schema (built by @apollo/subgraph) uses: under vitest a bare `graphql` is the ESM build, another realm.
import { parse, subscribe, type ExecutionResult } from 'graphql/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_EVENTS_TOPIC, CaseEventType, createEnvelope, demo, type Principal } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { analyticsSubgraph } from '../index.js';

const member = principal(demo.users.user.id, demo.tenant.id);
const OTHER_TENANT = '00000000-0000-4000-8000-00000000aaaa';
const outsider = principal('00000000-0000-4000-8000-00000000bbbb', OTHER_TENANT, 'admin');
const CHANGES = parse(`subscription($s: ID) { specificationMetricsChanged(specificationId: $s) { id metrics { casesStarted casesRunning } } }`);

interface Change {
  id: string;
  metrics: { casesStarted: number; casesRunning: number };
}

/** `specificationMetricsChanged` at the analytics subgraph (PGlite, in-process bus). */
describe('specificationMetricsChanged', () => {
  let h: Harness<Context>;
  const open: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    h = await startHarness(analyticsSubgraph());
  });
  afterAll(async () => {
    await Promise.all(open.map((subscription) => subscription.close()));
    await h.close();
  });

  async function watch(as: Principal, specificationId?: string) {
    const stream = await subscribe({ schema: h.built.schema, document: CHANGES, variableValues: specificationId ? { s: specificationId } : {}, contextValue: h.built.createContext(as) });
    if (!(Symbol.asyncIterator in stream)) throw new Error(`subscription refused: ${JSON.stringify(stream.errors)}`);
    const changes: Change[] = [];
    const errors: unknown[] = [];
    const reading = (async () => {
      for await (const result of stream as AsyncIterable<ExecutionResult<{ specificationMetricsChanged: Change }>>) {
        if (result.errors) errors.push(...result.errors);
        if (result.data) changes.push(result.data.specificationMetricsChanged);
      }
    })();
    const subscription = { stream, changes, errors, close: async () => { await stream.return?.(); await reading; } };
    open.push(subscription);
    return subscription;
  }
  const start = (specificationId: string, tenantId: string = demo.tenant.id) =>
    h.deps.events.publish(CASE_EVENTS_TOPIC, [
      createEnvelope({ type: CaseEventType.started, source: 'workflows', tenantId, key: specificationId, data: { caseId: randomUUID(), specificationId } }),
    ]);

  it("delivers a specification with its metrics as counted, to its tenant's subscribers only", async () => {
    const spec = randomUUID();
    const [all, onlyThis, onlyOther, stranger] = await Promise.all([watch(member), watch(member, spec), watch(member, randomUUID()), watch(outsider)]);
    await start(spec);
    await expect.poll(() => all.changes.length + onlyThis.changes.length).toBe(2);
    expect(all.changes).toEqual([{ id: spec, metrics: { casesStarted: 1, casesRunning: 1 } }]);
    expect(onlyThis.changes).toEqual([{ id: spec, metrics: { casesStarted: 1, casesRunning: 1 } }]);

    // A later change reads the metrics afresh, not from the first delivery's cache.
    await start(spec);
    await expect.poll(() => all.changes.at(-1)?.metrics.casesStarted).toBe(2);
    // An event of the other tenant, whose subscriber is the control: the first tenant's see nothing of it.
    await start(spec, OTHER_TENANT);
    await expect.poll(() => stranger.changes.length).toBe(1);
    expect(stranger.changes[0]).toEqual({ id: spec, metrics: { casesStarted: 1, casesRunning: 1 } });
    expect(all.changes).toHaveLength(2);
    expect(onlyOther.changes).toEqual([]);
    expect([all, onlyThis, onlyOther, stranger].flatMap((s) => s.errors)).toEqual([]);
  });

  it('merges changes a client has not read yet into one delivery with the metrics as they are then', async () => {
    const spec = randomUUID();
    const stream = await subscribe({ schema: h.built.schema, document: CHANGES, variableValues: { s: spec }, contextValue: h.built.createContext(member) });
    if (!(Symbol.asyncIterator in stream)) throw new Error('subscription refused');
    open.push({ close: async () => { await stream.return?.(); } });
    for (let i = 0; i < 5; i++) await start(spec);
    // Not read while the five were counted; then one read gets all of them.
    await expect
      .poll(async () => {
        const rows = await h.run<{ _entities: Change[] }>(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Specification { id metrics { casesStarted casesRunning } } } }`, { r: [{ __typename: 'Specification', id: spec }] }, member);
        return rows.data?._entities[0]?.metrics.casesStarted;
      })
      .toBe(5);
    const first = (await stream.next()).value as ExecutionResult<{ specificationMetricsChanged: Change }>;
    expect(first.data?.specificationMetricsChanged).toEqual({ id: spec, metrics: { casesStarted: 5, casesRunning: 5 } });
    const pending = await Promise.race([stream.next().then(() => 'another'), new Promise((resolve) => setTimeout(() => resolve('none'), 200))]);
    expect(pending).toBe('none');
  });
});
