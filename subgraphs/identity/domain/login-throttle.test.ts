import { describe, expect, it } from 'vitest';
import { accountDelayMs, ACCOUNT_MAX_DELAY_MS, backoffSeconds, decideLoginThrottle, LOGIN_WINDOW_SECONDS, lockoutSeconds } from './login-throttle.js';

describe('login throttle policy', () => {
  it('locks an account-and-address pair after 5 failures and an address after 50', () => {
    expect(decideLoginThrottle({ pair: 4, ip: 49, account: 4 })).toEqual({ kind: 'allow', delayMs: 0 });
    expect(decideLoginThrottle({ pair: 5, ip: 5, account: 5 })).toEqual({ kind: 'locked', scope: 'pair' });
    expect(decideLoginThrottle({ pair: 0, ip: 50, account: 0 })).toEqual({ kind: 'locked', scope: 'ip' });
  });

  it('never locks on the account count alone: from 10 failures it delays, doubling, capped', () => {
    expect(decideLoginThrottle({ pair: 0, ip: 0, account: 1_000 })).toEqual({ kind: 'allow', delayMs: ACCOUNT_MAX_DELAY_MS });
    expect([9, 10, 11, 12, 13, 14, 40].map(accountDelayMs)).toEqual([0, 250, 500, 1000, 2000, 4000, 4000]);
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
