import { randomUUID } from 'node:crypto';

/** The JSON envelope every event on the bus is wrapped in. */
export interface EventEnvelope<T = unknown> {
  id: string;
  type: string;
  source: string;
  tenantId: string;
  occurredAt: string;
  key: string;
  schemaVersion: number;
  data: T;
}

export function createEnvelope<T>(fields: {
  type: string;
  source: string;
  tenantId: string;
  key: string;
  data: T;
  schemaVersion?: number;
  occurredAt?: Date;
}): EventEnvelope<T> {
  return {
    id: randomUUID(),
    type: fields.type,
    source: fields.source,
    tenantId: fields.tenantId,
    occurredAt: (fields.occurredAt ?? new Date()).toISOString(),
    key: fields.key,
    schemaVersion: fields.schemaVersion ?? 1,
    data: fields.data,
  };
}
