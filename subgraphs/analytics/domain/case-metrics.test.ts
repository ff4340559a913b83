import { describe, expect, it } from 'vitest';
import type { CaseEvent } from './case-event.js';
import { applyCaseEvent, averageCycleTimeSeconds, casesRunning, cycleSeconds, emptyTally, tenantTotals, type SpecificationTally, type TrackedCase } from './case-metrics.js';

const SPEC = 'spec';
const at = (iso: string) => new Date(iso);
const started = (iso: string, startedAt = iso): CaseEvent => ({ kind: 'started', caseId: 'c1', specificationId: SPEC, occurredAt: at(iso), startedAt: at(startedAt) });
const ended = (kind: 'completed' | 'cancelled', iso: string): CaseEvent => ({ kind, caseId: 'c1', specificationId: SPEC, occurredAt: at(iso) });
const running: TrackedCase = { specificationId: SPEC, startedAt: at('2026-01-01T10:00:00Z'), endedAt: null };

describe('applyCaseEvent', () => {
  it('counts a start and begins tracking the case from its own start time', () => {
    const transition = applyCaseEvent(emptyTally, null, started('2026-01-01T10:00:05Z', '2026-01-01T10:00:00Z'));
    expect(transition).toEqual({
      tally: { ...emptyTally, casesStarted: 1, lastEventAt: at('2026-01-01T10:00:05Z') },
      trackedCase: { specificationId: SPEC, startedAt: at('2026-01-01T10:00:00Z'), endedAt: null },
    });
  });

  it('ignores a second start of a case already tracked', () => {
    expect(applyCaseEvent({ ...emptyTally, casesStarted: 1 }, running, started('2026-01-01T11:00:00Z'))).toBeNull();
  });

  it('adds the cycle time on completion and marks the case ended', () => {
    const tally: SpecificationTally = { ...emptyTally, casesStarted: 1, lastEventAt: at('2026-01-01T10:00:00Z') };
    const transition = applyCaseEvent(tally, running, ended('completed', '2026-01-01T12:30:00Z'));
    expect(transition?.tally).toEqual({ ...tally, casesCompleted: 1, totalCycleSeconds: 9000, timedCompletions: 1, lastEventAt: at('2026-01-01T12:30:00Z') });
    expect(transition?.trackedCase).toEqual({ ...running, endedAt: at('2026-01-01T12:30:00Z') });
  });

  it('counts a cancellation without a cycle time', () => {
    const transition = applyCaseEvent({ ...emptyTally, casesStarted: 1 }, running, ended('cancelled', '2026-01-01T11:00:00Z'));
    expect(transition?.tally).toMatchObject({ casesCancelled: 1, casesCompleted: 0, totalCycleSeconds: 0, timedCompletions: 0 });
  });

  it('ignores a second end of a case that already ended', () => {
    const done = { ...running, endedAt: at('2026-01-01T12:00:00Z') };
    expect(applyCaseEvent(emptyTally, done, ended('completed', '2026-01-01T13:00:00Z'))).toBeNull();
    expect(applyCaseEvent(emptyTally, done, ended('cancelled', '2026-01-01T13:00:00Z'))).toBeNull();
  });

  it('counts a completion whose start was never seen, but not in the mean cycle time', () => {
    const transition = applyCaseEvent(emptyTally, null, ended('completed', '2026-01-01T13:00:00Z'));
    expect(transition).toEqual({ tally: { ...emptyTally, casesCompleted: 1, lastEventAt: at('2026-01-01T13:00:00Z') }, trackedCase: null });
  });

  it('keeps lastEventAt at the latest event when an older one arrives late', () => {
    const tally = { ...emptyTally, lastEventAt: at('2026-02-01T00:00:00Z') };
    expect(applyCaseEvent(tally, null, started('2026-01-01T00:00:00Z'))?.tally.lastEventAt).toEqual(at('2026-02-01T00:00:00Z'));
  });
});

describe('derived metrics', () => {
  it('never reports a negative cycle time or running count', () => {
    expect(cycleSeconds(at('2026-01-01T10:00:00Z'), at('2026-01-01T09:59:00Z'))).toBe(0);
    expect(casesRunning({ casesStarted: 1, casesCompleted: 2, casesCancelled: 0 })).toBe(0);
    expect(casesRunning({ casesStarted: 12, casesCompleted: 9, casesCancelled: 1 })).toBe(2);
  });

  it('has no mean cycle time before the first timed completion', () => {
    expect(averageCycleTimeSeconds({ totalCycleSeconds: 0, timedCompletions: 0 })).toBeNull();
    expect(averageCycleTimeSeconds({ totalCycleSeconds: 300, timedCompletions: 2 })).toBe(150);
  });

  it('totals a tenant over its specifications, skipping all-zero rows', () => {
    const tallies = [
      { ...emptyTally, casesStarted: 12, casesCompleted: 9, casesCancelled: 1 },
      { ...emptyTally, casesStarted: 5, casesCompleted: 3 },
      emptyTally,
    ];
    expect(tenantTotals(tallies)).toEqual({ specificationsWithCases: 2, casesStarted: 17, casesCompleted: 12, casesRunning: 4 });
    expect(tenantTotals([])).toEqual({ specificationsWithCases: 0, casesStarted: 0, casesCompleted: 0, casesRunning: 0 });
  });
});
