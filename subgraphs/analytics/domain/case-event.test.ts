import { CaseEventType } from '@flowgraph/shared';
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@flowgraph/shared';
import { parseCaseEnvelope } from './case-event.js';

const ids = {
  event: '00000000-0000-4000-8000-00000000e001',
  tenant: '00000000-0000-4000-8000-000000000001',
  case: '00000000-0000-4000-8000-00000000c001',
  spec: '00000000-0000-4000-8000-000000000201',
};

const envelope = (type: string, data: unknown, overrides: Partial<EventEnvelope> = {}): EventEnvelope => ({
  id: ids.event,
  type,
  source: 'workflows',
  tenantId: ids.tenant,
  occurredAt: '2026-01-01T10:00:05.000Z',
  key: ids.case,
  schemaVersion: 1,
  data,
  ...overrides,
});

describe('parseCaseEnvelope', () => {
  it('reads a start, taking its start time from the data', () => {
    const parsed = parseCaseEnvelope(envelope(CaseEventType.started, { caseId: ids.case, specificationId: ids.spec, startedAt: '2026-01-01T10:00:00.000Z' }));
    expect(parsed).toEqual({
      kind: 'case-event',
      received: {
        eventId: ids.event,
        tenantId: ids.tenant,
        event: { kind: 'started', caseId: ids.case, specificationId: ids.spec, occurredAt: new Date('2026-01-01T10:00:05.000Z'), startedAt: new Date('2026-01-01T10:00:00.000Z') },
      },
    });
  });

  it('falls back to the envelope time when a start carries none', () => {
    const parsed = parseCaseEnvelope(envelope(CaseEventType.started, { caseId: ids.case, specificationId: ids.spec }));
    expect(parsed.kind === 'case-event' && parsed.received.event).toMatchObject({ startedAt: new Date('2026-01-01T10:00:05.000Z') });
  });

  it.each([
    [CaseEventType.completed, 'completed'],
    [CaseEventType.cancelled, 'cancelled'],
  ])('reads %s', (type, kind) => {
    const parsed = parseCaseEnvelope(envelope(type, { caseId: ids.case, specificationId: ids.spec }));
    expect(parsed.kind === 'case-event' && parsed.received.event).toEqual({ kind, caseId: ids.case, specificationId: ids.spec, occurredAt: new Date('2026-01-01T10:00:05.000Z') });
  });

  it('passes over other event types on the topic', () => {
    expect(parseCaseEnvelope(envelope('workflow.case.task-assigned', {}))).toEqual({ kind: 'other' });
  });

  it.each([
    ['a missing specification', envelope(CaseEventType.completed, { caseId: ids.case })],
    ['a case id that is not a UUID', envelope(CaseEventType.started, { caseId: 'case-1', specificationId: ids.spec })],
    ['a bad start time', envelope(CaseEventType.started, { caseId: ids.case, specificationId: ids.spec, startedAt: 'yesterday' })],
    ['a tenant that is not a UUID', envelope(CaseEventType.cancelled, { caseId: ids.case, specificationId: ids.spec }, { tenantId: 'demo' })],
    ['no data at all', envelope(CaseEventType.completed, null)],
  ])('rejects %s as invalid', (_label, bad) => {
    expect(parseCaseEnvelope(bad).kind).toBe('invalid');
  });
});
