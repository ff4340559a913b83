import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { analyticsSubgraph } from '../index.js';

const OTHER_TENANT = '00000000-0000-4000-8000-00000000aaaa';
const UNUSED_SPEC = '00000000-0000-4000-8000-00000000e0e0';
const member = principal(demo.users.viewer.id, demo.tenant.id, 'viewer');
const outsider = principal('00000000-0000-4000-8000-00000000bbbb', OTHER_TENANT, 'admin');

const METRICS = 'casesStarted casesCompleted casesCancelled casesRunning averageCycleTimeSeconds lastEventAt';
const specificationMetrics = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Specification { id metrics { ${METRICS} } } } }`;
const specReps = (...ids: string[]) => ids.map((id) => ({ __typename: 'Specification', id }));

interface Metrics {
  casesStarted: number;
  casesCompleted: number;
  casesCancelled: number;
  casesRunning: number;
  averageCycleTimeSeconds: number | null;
  lastEventAt: string | null;
}

const zeros: Metrics = { casesStarted: 0, casesCompleted: 0, casesCancelled: 0, casesRunning: 0, averageCycleTimeSeconds: null, lastEventAt: null };
const seededOrderFulfilment: Metrics = {
  casesStarted: 12,
  casesCompleted: 9,
  casesCancelled: 1,
  casesRunning: 2,
  // Mean of the seeded 26, 31.5, 22, 48, 27.25, 36, 19.5, 41 and 29 hours.
  averageCycleTimeSeconds: 112_100,
  lastEventAt: '2026-02-06T02:00:00.000Z',
};
const seededConcert: Metrics = {
  casesStarted: 5,
  casesCompleted: 3,
  casesCancelled: 0,
  casesRunning: 2,
  // Mean of 12, 9.5 and 15 days.
  averageCycleTimeSeconds: 1_051_200,
  lastEventAt: '2026-02-22T10:00:00.000Z',
};

describe('analytics subgraph', () => {
  let h: Harness<Context>;
  const statements: string[] = [];
  const metricsQueries = () => statements.filter((sql) => sql.includes('"analytics"."specification_metrics"')).length;

  const metricsOf = async (auth: typeof member, ...ids: string[]) => {
    const result = await h.run<{ _entities: { id: string; metrics: Metrics }[] }>(specificationMetrics, { reps: specReps(...ids) }, auth);
    expect(result.errors).toBeUndefined();
    return result.data!._entities.map((e) => e.metrics);
  };

  beforeAll(async () => {
    h = await startHarness(analyticsSubgraph(), { onQuery: (sql) => statements.push(sql) });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    statements.length = 0;
  });

  it('serves the seeded metrics, aggregated from the seed’s case events', async () => {
    expect(await metricsOf(member, demo.specifications.orderFulfilment, demo.specifications.concert)).toEqual([seededOrderFulfilment, seededConcert]);
  });

  it('reads a specification nothing has happened to as zeros, not null', async () => {
    expect(await metricsOf(member, UNUSED_SPEC)).toEqual([zeros]);
  });

  it('resolves N specifications’ metrics with one query', async () => {
    const ids = [demo.specifications.orderFulfilment, UNUSED_SPEC, demo.specifications.concert, 'not-a-uuid'];
    const metrics = await metricsOf(member, ...ids);
    expect(metrics.map((m) => m.casesStarted)).toEqual([12, 0, 5, 0]);
    expect(metricsQueries()).toBe(1);
  });

  it('shows another tenant zeros for the demo tenant’s specifications', async () => {
    expect(await metricsOf(outsider, demo.specifications.orderFulfilment)).toEqual([zeros]);
  });

  it('lists the busiest specifications with their metrics in one query', async () => {
    const result = await h.run<{ busiestSpecifications: { id: string; metrics: { casesStarted: number } }[] }>(
      `{ busiestSpecifications(first: 2) { id metrics { casesStarted } } }`,
      undefined,
      member,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.busiestSpecifications).toEqual([
      { id: demo.specifications.orderFulfilment, metrics: { casesStarted: 12 } },
      { id: demo.specifications.concert, metrics: { casesStarted: 5 } },
    ]);
    expect(metricsQueries()).toBe(1);
    const foreign = await h.run<{ busiestSpecifications: unknown[] }>(`{ busiestSpecifications { id } }`, undefined, outsider);
    expect(foreign.data?.busiestSpecifications).toEqual([]);
  });

  it.each([0, 101])('rejects busiestSpecifications(first: %i) with BAD_USER_INPUT', async (first) => {
    const result = await h.run(`query($first: Int) { busiestSpecifications(first: $first) { id } }`, { first }, member);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives a tenant its own totals and resolves any other tenant to null', async () => {
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Tenant { id metrics { specificationsWithCases casesStarted casesCompleted casesRunning } } } }`;
    const reps = [demo.tenant.id, OTHER_TENANT].map((id) => ({ __typename: 'Tenant', id }));
    const result = await h.run<{ _entities: unknown[] }>(query, { reps }, member);
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      { id: demo.tenant.id, metrics: { specificationsWithCases: 2, casesStarted: 17, casesCompleted: 12, casesRunning: 4 } },
      null,
    ]);
  });

  it('denies anonymous callers with UNAUTHENTICATED', async () => {
    const busiest = await h.run(`{ busiestSpecifications { id } }`);
    expect(busiest.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(busiest.data).toBeNull();
    const entities = await h.run(specificationMetrics, { reps: specReps(demo.specifications.concert) });
    expect(entities.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('seeds idempotently: a second run finds every event already processed', async () => {
    await h.built.seedDemoData();
    expect(await metricsOf(member, demo.specifications.orderFulfilment, demo.specifications.concert)).toEqual([seededOrderFulfilment, seededConcert]);
  });
});
