import { describe, expect, it } from 'vitest';
import { backoffSeconds, decideLoginThrottle, LOGIN_WINDOW_SECONDS, lockoutSeconds } from './login-throttle.js';

describe('login throttle policy', () => {
  it('allows up to 4 account failures and 49 address failures', () => {
    expect(decideLoginThrottle({ account: 4, ip: 49 })).toEqual({ allowed: true });
    expect(decideLoginThrottle({ account: 5, ip: 0 })).toEqual({ allowed: false, scope: 'account' });
    expect(decideLoginThrottle({ account: 0, ip: 50 })).toEqual({ allowed: false, scope: 'ip' });
  });

  it('backs off exponentially, capped at the window', () => {
    expect([0, 1, 2, 3, 4, 5].map(backoffSeconds)).toEqual([0, 1, 2, 4, 8, 16]);
    expect(backoffSeconds(40)).toBe(LOGIN_WINDOW_SECONDS);
  });

  it('locks out for what is left of the window', () => {
    expect(lockoutSeconds(120)).toBe(120);
    expect(lockoutSeconds(0)).toBe(1);
    expect(lockoutSeconds(undefined)).toBe(LOGIN_WINDOW_SECONDS);
    expect(lockoutSeconds(-1)).toBe(LOGIN_WINDOW_SECONDS);
  });
});
