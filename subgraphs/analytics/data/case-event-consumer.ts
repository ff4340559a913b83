import { CASE_EVENTS_TOPIC } from '@flowgraph/shared';
import type { EventBus, EventEnvelope, Logger, Subscription } from '@flowgraph/shared';
import { parseCaseEnvelope, type ReceivedCaseEvent } from '../domain/case-event.js';
import type { MetricsRepository, RecordOutcome } from './metrics-repository.js';

export const CONSUMER_GROUP = 'analytics';

/**
 * Handles one envelope from the case-events topic. Shared by the live consumer and the
 * seed, so demo data goes through exactly the rules real traffic does.
 */
export async function handleCaseEnvelope(
  repo: MetricsRepository,
  logger: Logger,
  envelope: EventEnvelope,
  applied?: (received: ReceivedCaseEvent) => Promise<void>,
): Promise<RecordOutcome | 'skipped'> {
  const parsed = parseCaseEnvelope(envelope);
  if (parsed.kind === 'other') return 'skipped';
  if (parsed.kind === 'invalid') {
    // Throwing lets the bus retry and then park the event on the dead-letter topic for inspection.
    logger.warn({ eventId: envelope.id, type: envelope.type, reason: parsed.reason }, 'malformed case event');
    throw new Error(`Malformed ${envelope.type} event ${envelope.id}: ${parsed.reason}`);
  }
  const outcome = await repo.recordCaseEvent(parsed.received);
  logger.debug({ eventId: envelope.id, type: envelope.type, outcome }, 'case event consumed');
  if (outcome === 'applied') await applied?.(parsed.received);
  return outcome;
}

/** Consumes case events into the metrics; `applied` is told each event that changed them, after its commit. */
export function subscribeToCaseEvents(events: EventBus, repo: MetricsRepository, logger: Logger, applied?: (received: ReceivedCaseEvent) => Promise<void>): Promise<Subscription> {
  return events.subscribe({
    groupId: CONSUMER_GROUP,
    topic: CASE_EVENTS_TOPIC,
    handler: async (envelope) => {
      await handleCaseEnvelope(repo, logger, envelope, applied);
    },
  });
}
