import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEnvelope, deadLetterTopic, demo, type EventEnvelope, type Principal, CASE_EVENTS_TOPIC, CaseEventType } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';

import { analyticsSubgraph } from '../index.js';

const OTHER_TENANT = '00000000-0000-4000-8000-00000000aaaa';
const SPEC = '00000000-0000-4000-8000-00000000e100';
const CASE_A = '00000000-0000-4000-8000-00000000ca0a';
const CASE_B = '00000000-0000-4000-8000-00000000ca0b';
const CASE_C = '00000000-0000-4000-8000-00000000ca0c';
const member = principal(demo.users.user.id, demo.tenant.id);
const outsider = principal('00000000-0000-4000-8000-00000000bbbb', OTHER_TENANT, 'admin');

const T0 = Date.UTC(2026, 2, 1, 9);
const MINUTE = 60_000;

/** Keyed by specification so every test event lands on one partition and is consumed in publish order. */
function caseEvent(type: string, caseId: string, minutes: number, tenantId: string = demo.tenant.id): EventEnvelope {
  return createEnvelope({ type, source: 'workflows', tenantId, key: SPEC, occurredAt: new Date(T0 + minutes * MINUTE), data: { caseId, specificationId: SPEC } });
}

interface Metrics {
  casesStarted: number;
  casesCompleted: number;
  casesCancelled: number;
  casesRunning: number;
  averageCycleTimeSeconds: number | null;
  lastEventAt: string | null;
}

describe('case-event consumer', () => {
  let h: Harness<Context>;
  beforeAll(async () => {
    h = await startHarness(analyticsSubgraph(), { seed: false });
  });
  afterAll(() => h.close());

  const metrics = async (auth: Principal): Promise<Metrics> => {
    const result = await h.run<{ _entities: { metrics: Metrics }[] }>(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Specification { metrics { casesStarted casesCompleted casesCancelled casesRunning averageCycleTimeSeconds lastEventAt } } } }`,
      { reps: [{ __typename: 'Specification', id: SPEC }] },
      auth,
    );
    expect(result.errors).toBeUndefined();
    return result.data!._entities[0]!.metrics;
  };
  const publish = (...events: EventEnvelope[]) => h.deps.events.publish(CASE_EVENTS_TOPIC, events);
  const eventually = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 5_000, interval: 20 });

  const completeA = caseEvent(CaseEventType.completed, CASE_A, 90);

  it('aggregates published case events, counting a redelivered event once', async () => {
    await publish(
      caseEvent(CaseEventType.started, CASE_A, 0),
      caseEvent(CaseEventType.started, CASE_B, 5),
      completeA,
      completeA,
      caseEvent(CaseEventType.started, CASE_C, 10, OTHER_TENANT),
      caseEvent(CaseEventType.cancelled, CASE_B, 120),
    );
    await eventually(async () => expect((await metrics(member)).casesCancelled).toBe(1));
    expect(await metrics(member)).toEqual({
      casesStarted: 2,
      casesCompleted: 1,
      casesCancelled: 1,
      casesRunning: 0,
      averageCycleTimeSeconds: 90 * 60,
      lastEventAt: new Date(T0 + 120 * MINUTE).toISOString(),
    });
  });

  it('keeps another tenant’s events out of the caller’s metrics', async () => {
    expect(await metrics(outsider)).toMatchObject({ casesStarted: 1, casesCompleted: 0, casesRunning: 1, averageCycleTimeSeconds: null });
  });

  it('ignores a redelivery that arrives after the event was processed', async () => {
    await publish(completeA, caseEvent(CaseEventType.started, CASE_C, 200));
    await eventually(async () => expect((await metrics(member)).casesStarted).toBe(3));
    expect(await metrics(member)).toMatchObject({ casesCompleted: 1, casesRunning: 1, averageCycleTimeSeconds: 90 * 60 });
  });

  it('ignores a re-published end of a case under a new event id', async () => {
    await publish(caseEvent(CaseEventType.completed, CASE_A, 300), caseEvent(CaseEventType.completed, CASE_C, 230));
    await eventually(async () => expect((await metrics(member)).casesCompleted).toBe(2));
    // Case C took 30 minutes, so the mean is (90 + 30) / 2 minutes; the repeated end of A left no trace.
    expect(await metrics(member)).toMatchObject({ casesRunning: 0, averageCycleTimeSeconds: 60 * 60 });
  });

  it('parks a malformed case event on the dead-letter topic without touching the metrics', async () => {
    const parked: EventEnvelope[] = [];
    const dlq = await h.deps.events.subscribe({ groupId: 'test', topic: deadLetterTopic(CASE_EVENTS_TOPIC), handler: async (e) => void parked.push(e) });
    const before = await metrics(member);
    const malformed = createEnvelope({ type: CaseEventType.started, source: 'workflows', tenantId: demo.tenant.id, key: SPEC, data: { caseId: 'nope' } });
    await publish(malformed);
    await eventually(async () => expect(parked.map((e) => e.id)).toEqual([malformed.id]));
    expect(await metrics(member)).toEqual(before);
    await dlq.close();
  });

  it('stops consuming once the subgraph is closed', async () => {
    await h.built.close?.();
    const before = await metrics(member);
    await publish(caseEvent(CaseEventType.started, '00000000-0000-4000-8000-00000000ca0d', 400));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await metrics(member)).toEqual(before);
  });
});
