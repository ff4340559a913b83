import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, otpauthUri, totp, verifyTotp } from './totp.js';

// RFC 6238 appendix B, SHA-1 column; the seed is the ASCII string "12345678901234567890".
const seed = Buffer.from('12345678901234567890', 'ascii');
const vectors: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(vectors)('matches the RFC test vector at T=%i', (seconds, expected) => {
    expect(totp(seed, new Date(seconds * 1000), { digits: 8 })).toBe(expected);
  });

  it('matches the RFC 4226 HOTP vectors', () => {
    expect([0, 1, 2, 9].map((c) => hotp(seed, c))).toEqual(['755224', '287082', '359152', '520489']);
  });

  it('verifies the 6-digit code of this step and its neighbours only', () => {
    const at = new Date(1111111111 * 1000);
    expect(verifyTotp(seed, totp(seed, at), at)).toBe(true);
    expect(verifyTotp(seed, totp(seed, new Date(at.getTime() - 30_000)), at)).toBe(true);
    expect(verifyTotp(seed, totp(seed, new Date(at.getTime() + 90_000)), at)).toBe(false);
    expect(verifyTotp(seed, '12345', at)).toBe(false);
    expect(verifyTotp(seed, 'abcdef', at)).toBe(false);
  });

  it('round-trips base32 (RFC 4648 vector) and builds an otpauth URI', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI').toString()).toBe('foobar');
    expect(base32Encode(seed)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(otpauthUri('ABC', 'a@b.test', 'FlowGraph')).toBe('otpauth://totp/FlowGraph%3Aa%40b.test?secret=ABC&issuer=FlowGraph&algorithm=SHA1&digits=6&period=30');
  });
});
