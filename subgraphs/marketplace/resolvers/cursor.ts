import { badUserInput } from '@flowgraph/shared';
import type { CatalogPosition, CatalogSort } from '../data/template-store.js';

/** Opaque to clients: the sort it belongs to, the sort key's value and the id. */
export function encodeCursor(sort: CatalogSort, position: CatalogPosition): string {
  return Buffer.from(JSON.stringify([sort, position.value, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string, sort: CatalogSort): CatalogPosition {
  try {
    if (cursor.length > 200) throw new Error('too long');
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 3) {
      const [cursorSort, value, id] = parsed as unknown[];
      if (cursorSort === sort && typeof value === 'number' && Number.isFinite(value) && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return { value, id };
    }
  } catch {
    // fall through: any malformed cursor reads the same
  }
  throw badUserInput('after is not a cursor of this listing and sort', 'after');
}
