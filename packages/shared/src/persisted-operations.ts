/**
 * What identity (which stores partner clients' persisted-operation lists) and the gateway (which
 * enforces them) agree on: the shape of a client's active list and where it is cached.
 */
export type PersistedOperationPolicy = 'enforce' | 'log' | 'off';

/** A client's policy and its active list (operation sha256 → body). */
export interface ClientOperationList {
  clientName: string;
  policy: PersistedOperationPolicy;
  version: number | null;
  operations: Record<string, string>;
}

/** Changes whenever any client's list or policy changes; gateways poll it and drop what they hold. */
export const PERSISTED_OPERATIONS_EPOCH_KEY = 'persisted-operations:epoch';

export const persistedOperationsKey = (tenantId: string, clientName: string): string => `persisted-operations:list:${tenantId}:${clientName}`;

/** How long a list stays in the cache unasked; a miss is loaded from identity again. */
export const PERSISTED_OPERATIONS_TTL_SECONDS = 24 * 3600;

export const OPERATION_NOT_ALLOWED = 'OPERATION_NOT_ALLOWED';
export const PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND';
