import { describe, expect, it } from 'vitest';
import { decideRefresh } from './refresh-rotation.js';

const now = new Date('2030-01-01T00:00:00Z');
const later = new Date('2030-01-02T00:00:00Z');

describe('refresh rotation decision', () => {
  it('rotates a current token and refuses unknown, expired and revoked ones', () => {
    expect(decideRefresh({ expiresAt: later, rotatedAt: null, revokedAt: null }, now)).toBe('rotate');
    expect(decideRefresh(undefined, now)).toBe('invalid');
    expect(decideRefresh({ expiresAt: now, rotatedAt: null, revokedAt: null }, now)).toBe('invalid');
    expect(decideRefresh({ expiresAt: later, rotatedAt: null, revokedAt: now }, now)).toBe('invalid');
  });

  it('treats a rotated token as reuse, even once expired, unless the family is already revoked', () => {
    expect(decideRefresh({ expiresAt: later, rotatedAt: now, revokedAt: null }, now)).toBe('reuse');
    expect(decideRefresh({ expiresAt: now, rotatedAt: now, revokedAt: null }, later)).toBe('reuse');
    expect(decideRefresh({ expiresAt: later, rotatedAt: now, revokedAt: now }, now)).toBe('invalid');
  });
});
