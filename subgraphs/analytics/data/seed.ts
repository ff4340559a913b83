import { demo, type EventEnvelope, type Logger, CaseEventType } from '@flowgraph/shared';
import { handleCaseEnvelope } from './case-event-consumer.js';
import type { MetricsRepository } from './metrics-repository.js';

const HOUR_MS = 3_600_000;

/** Fixed ids, so a second seed run finds every event already processed. */
const fixedUuid = (prefix: string, n: number): string => `00000000-0000-4000-${prefix}-${n.toString(16).padStart(12, '0')}`;

interface DemoCase {
  specificationId: string;
  startedAt: Date;
  /** Hours until the case ended, and how; absent while it is still running. */
  end?: { afterHours: number; as: 'completed' | 'cancelled' };
}

function demoCases(): DemoCase[] {
  const cases: DemoCase[] = [];
  // Order fulfilment: 12 started, 9 completed within one to two days, 1 cancelled, 2 running.
  const fulfilmentHours = [26, 31.5, 22, 48, 27.25, 36, 19.5, 41, 29];
  for (let i = 0; i < 12; i++) {
    const afterHours = fulfilmentHours[i];
    cases.push({
      specificationId: demo.specifications.orderFulfilment,
      startedAt: new Date(Date.UTC(2026, 1, 2, 8) + i * 7 * HOUR_MS),
      ...(afterHours !== undefined ? { end: { afterHours, as: 'completed' } } : i === 9 ? { end: { afterHours: 5, as: 'cancelled' } } : {}),
    });
  }
  // Concert: 5 started, 3 completed over one to two weeks, 2 still being organised.
  const concertDays = [12, 9.5, 15];
  for (let i = 0; i < 5; i++) {
    const afterDays = concertDays[i];
    cases.push({
      specificationId: demo.specifications.concert,
      startedAt: new Date(Date.UTC(2026, 1, 3, 10) + i * 48 * HOUR_MS),
      ...(afterDays !== undefined ? { end: { afterHours: afterDays * 24, as: 'completed' } } : {}),
    });
  }
  return cases;
}

function envelope(id: string, type: string, caseId: string, occurredAt: Date, data: Record<string, string>): EventEnvelope {
  return { id, type, source: 'workflows', tenantId: demo.tenant.id, occurredAt: occurredAt.toISOString(), key: caseId, schemaVersion: 1, data };
}

/** The case events that produce the demo metrics, in the order they happened. */
export function demoCaseEvents(): EventEnvelope[] {
  const events: EventEnvelope[] = [];
  demoCases().forEach((demoCase, index) => {
    const caseId = fixedUuid('b000', index + 1);
    const { specificationId, startedAt, end } = demoCase;
    events.push(envelope(fixedUuid('a000', 2 * index + 1), CaseEventType.started, caseId, startedAt, { caseId, specificationId, startedAt: startedAt.toISOString() }));
    if (end) {
      const endedAt = new Date(startedAt.getTime() + end.afterHours * HOUR_MS);
      events.push(envelope(fixedUuid('a000', 2 * index + 2), CaseEventType[end.as], caseId, endedAt, { caseId, specificationId }));
    }
  });
  return events.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
}

/**
 * Feeds the demo events through the consumer's own handler rather than writing totals
 * directly, so the seed exercises the real aggregation; idempotent through the event ids.
 */
export async function seedAnalytics(repo: MetricsRepository, logger: Logger): Promise<void> {
  for (const event of demoCaseEvents()) await handleCaseEnvelope(repo, logger, event);
}
