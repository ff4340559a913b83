import { z } from 'zod';
import { CaseEventType, type EventEnvelope } from '@flowgraph/shared';

export type CaseEvent =
  | { kind: 'started'; caseId: string; specificationId: string; occurredAt: Date; startedAt: Date }
  | { kind: 'completed' | 'cancelled'; caseId: string; specificationId: string; occurredAt: Date };

/** A case event with the envelope fields the store needs: who it belongs to and its identity for dedup. */
export interface ReceivedCaseEvent {
  eventId: string;
  tenantId: string;
  event: CaseEvent;
}

export type ParsedEnvelope =
  | { kind: 'case-event'; received: ReceivedCaseEvent }
  /** Another event type on the topic; not ours to count. */
  | { kind: 'other' }
  | { kind: 'invalid'; reason: string };

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

const envelopeFields = z.object({ id: z.guid(), tenantId: z.guid(), occurredAt: instant });
const endedData = z.object({ caseId: z.guid(), specificationId: z.guid() });
const startedData = endedData.extend({ startedAt: instant.optional() });

const kindOf = new Map<string, CaseEvent['kind']>(Object.entries(CaseEventType).map(([kind, type]) => [type, kind as CaseEvent['kind']]));

/**
 * Reads an envelope off the topic. Ids end up in uuid columns and timestamps in arithmetic,
 * so everything is checked here rather than trusted because the producer is ours.
 */
export function parseCaseEnvelope(envelope: EventEnvelope): ParsedEnvelope {
  const kind = kindOf.get(envelope.type);
  if (!kind) return { kind: 'other' };
  const head = envelopeFields.safeParse(envelope);
  if (!head.success) return { kind: 'invalid', reason: z.prettifyError(head.error) };
  const { id: eventId, tenantId, occurredAt } = head.data;
  if (kind === 'started') {
    const data = startedData.safeParse(envelope.data);
    if (!data.success) return { kind: 'invalid', reason: z.prettifyError(data.error) };
    const { caseId, specificationId, startedAt } = data.data;
    return { kind: 'case-event', received: { eventId, tenantId, event: { kind, caseId, specificationId, occurredAt, startedAt: startedAt ?? occurredAt } } };
  }
  const data = endedData.safeParse(envelope.data);
  if (!data.success) return { kind: 'invalid', reason: z.prettifyError(data.error) };
  return { kind: 'case-event', received: { eventId, tenantId, event: { kind, ...data.data, occurredAt } } };
}
