import { badUserInput, parseId } from '@flowgraph/shared';
import type { CaseEventNotice } from '../mappers.js';

/**
 * `caseEvents` hands out two kinds of cursor. A case subscription's cursor is a sequence in
 * that case; a tenant-wide subscription's is a position in the tenant's stream, which orders
 * every case's events, so resuming from it misses and repeats nothing across cases.
 */
export type EventCursor = { kind: 'case'; caseId: string; sequence: number } | { kind: 'tenant'; tenantId: string; position: number };

const encode = (parts: readonly unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

export function encodeEventCursor(notice: Pick<CaseEventNotice, 'caseId' | 'sequence'>): string {
  return encode(['ce', notice.caseId, notice.sequence]);
}

export function encodeTenantCursor(tenantId: string, position: number): string {
  return encode(['tp', tenantId, position]);
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

export function decodeEventCursor(cursor: string): EventCursor {
  try {
    const [tag, id, count] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof id === 'string' && isCount(count)) {
      if (tag === 'ce') return { kind: 'case', caseId: parseId(id, 'after'), sequence: count };
      if (tag === 'tp') return { kind: 'tenant', tenantId: parseId(id, 'after'), position: count };
    }
  } catch {
    // fall through: any malformed cursor is the caller's mistake
  }
  throw badUserInput('after is not a cursor returned by caseEvents', 'after');
}
