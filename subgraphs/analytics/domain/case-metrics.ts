import type { CaseEvent } from './case-event.js';

/** The running totals of one specification, as stored. */
export interface SpecificationTally {
  casesStarted: number;
  casesCompleted: number;
  casesCancelled: number;
  /** Sum of start-to-completion seconds over `timedCompletions`. */
  totalCycleSeconds: number;
  /** Completions whose start was seen; only these have a cycle time. */
  timedCompletions: number;
  lastEventAt: Date | null;
}

/** What is remembered about one case between its events. */
export interface TrackedCase {
  specificationId: string;
  startedAt: Date;
  endedAt: Date | null;
}

/** The new state to store after an event; a null `trackedCase` means the case is not tracked. */
export interface Transition {
  tally: SpecificationTally;
  trackedCase: TrackedCase | null;
}

export const emptyTally: SpecificationTally = {
  casesStarted: 0,
  casesCompleted: 0,
  casesCancelled: 0,
  totalCycleSeconds: 0,
  timedCompletions: 0,
  lastEventAt: null,
};

const later = (a: Date | null, b: Date): Date => (a && a.getTime() > b.getTime() ? a : b);

/**
 * Folds one case event into the specification's tally.
 *
 * Event-id dedup (processed_events) covers redelivery of the same envelope; the rules here
 * also make a producer's re-publish under a new id harmless: a second start of a known
 * case, or a second end of an ended one, changes nothing (returns null). An end whose start
 * was never seen still counts, but without a cycle time, so it cannot skew the mean.
 */
export function applyCaseEvent(tally: SpecificationTally, tracked: TrackedCase | null, event: CaseEvent): Transition | null {
  const lastEventAt = later(tally.lastEventAt, event.occurredAt);
  if (event.kind === 'started') {
    if (tracked) return null;
    return {
      tally: { ...tally, casesStarted: tally.casesStarted + 1, lastEventAt },
      trackedCase: { specificationId: event.specificationId, startedAt: event.startedAt, endedAt: null },
    };
  }
  if (tracked?.endedAt) return null;
  const ended = tracked ? { ...tracked, endedAt: event.occurredAt } : null;
  if (event.kind === 'cancelled') {
    return { tally: { ...tally, casesCancelled: tally.casesCancelled + 1, lastEventAt }, trackedCase: ended };
  }
  const cycle = tracked ? cycleSeconds(tracked.startedAt, event.occurredAt) : null;
  return {
    tally: {
      ...tally,
      casesCompleted: tally.casesCompleted + 1,
      totalCycleSeconds: tally.totalCycleSeconds + (cycle ?? 0),
      timedCompletions: tally.timedCompletions + (cycle === null ? 0 : 1),
      lastEventAt,
    },
    trackedCase: ended,
  };
}

/** Seconds from start to end; clock skew between producers must not produce negative durations. */
export function cycleSeconds(startedAt: Date, endedAt: Date): number {
  return Math.max(0, (endedAt.getTime() - startedAt.getTime()) / 1000);
}

/** Never negative, even if ends were counted whose starts were not (e.g. events older than the consumer). */
export function casesRunning(tally: Pick<SpecificationTally, 'casesStarted' | 'casesCompleted' | 'casesCancelled'>): number {
  return Math.max(0, tally.casesStarted - tally.casesCompleted - tally.casesCancelled);
}

/** Null before the first timed completion, rather than a misleading zero. */
export function averageCycleTimeSeconds(tally: Pick<SpecificationTally, 'totalCycleSeconds' | 'timedCompletions'>): number | null {
  return tally.timedCompletions > 0 ? tally.totalCycleSeconds / tally.timedCompletions : null;
}

export interface TenantTotals {
  specificationsWithCases: number;
  casesStarted: number;
  casesCompleted: number;
  casesRunning: number;
}

/** False for the all-zero row a no-op event may leave behind. */
export const hasCases = (tally: SpecificationTally): boolean => tally.casesStarted + tally.casesCompleted + tally.casesCancelled > 0;

/** A tenant's totals over its specifications' tallies. */
export function tenantTotals(tallies: readonly SpecificationTally[]): TenantTotals {
  return tallies.reduce<TenantTotals>(
    (totals, tally) => ({
      specificationsWithCases: totals.specificationsWithCases + (hasCases(tally) ? 1 : 0),
      casesStarted: totals.casesStarted + tally.casesStarted,
      casesCompleted: totals.casesCompleted + tally.casesCompleted,
      casesRunning: totals.casesRunning + casesRunning(tally),
    }),
    { specificationsWithCases: 0, casesStarted: 0, casesCompleted: 0, casesRunning: 0 },
  );
}
