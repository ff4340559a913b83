import { describe, expect, it } from 'vitest';
import { addressBucket, clientAddress, trustedProxies } from './client-address.js';

const request = (remoteAddress: string, forwardedFor?: string) => ({
  socket: { remoteAddress } as never,
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
});

describe('clientAddress', () => {
  const trusted = trustedProxies('127.0.0.1, ::1, 10.0.0.0/8');

  it('uses the peer address when the peer is not a trusted proxy, whatever the header says', () => {
    expect(clientAddress(request('203.0.113.9', '198.51.100.1'), trusted)).toBe('203.0.113.9');
  });

  it('takes the right-most untrusted hop behind trusted proxies', () => {
    expect(clientAddress(request('::ffff:127.0.0.1', '198.51.100.1, 203.0.113.7, 10.1.2.3'), trusted)).toBe('203.0.113.7');
    expect(clientAddress(request('::1', '198.51.100.1'), trusted)).toBe('198.51.100.1');
  });

  it('falls back to the peer when a trusted proxy forwards nothing', () => {
    expect(clientAddress(request('10.0.0.5'), trusted)).toBe('10.0.0.5');
  });
});

describe('addressBucket', () => {
  it('counts an IPv6 client by its /64 and an IPv4 client by its address', () => {
    expect(addressBucket('2001:db8:85a3:0:1111:2222:3333:4444')).toBe('2001:db8:85a3:0::/64');
    expect(addressBucket('2001:db8:85a3::9999')).toBe('2001:db8:85a3:0::/64');
    expect(addressBucket('2001:0DB8:85A3:0000:ffff::1%eth0')).toBe('2001:db8:85a3:0::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('fe80::1')).toBe('fe80:0:0:0::/64');
    expect(addressBucket('203.0.113.7')).toBe('203.0.113.7');
    expect(addressBucket('unknown')).toBe('unknown');
  });
});
