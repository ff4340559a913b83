/**
 * Login throttling policy. Failures are counted per account (guessing one password) and per
 * client address (spraying many accounts), each in a fixed 15-minute window that starts with
 * the first failure.
 */
export const LOGIN_WINDOW_SECONDS = 15 * 60;
export const ACCOUNT_FAILURE_LIMIT = 5;
export const IP_FAILURE_LIMIT = 50;

export const accountFailureKey = (email: string) => `login:fail:acct:${email}`;
export const ipFailureKey = (ip: string) => `login:fail:ip:${ip}`;

export interface FailureCounts {
  account: number;
  ip: number;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; scope: 'account' | 'ip' };

/** Blocked once a window already holds the limit of failures; the password is then not even checked. */
export function decideLoginThrottle(failures: FailureCounts): ThrottleDecision {
  if (failures.account >= ACCOUNT_FAILURE_LIMIT) return { allowed: false, scope: 'account' };
  if (failures.ip >= IP_FAILURE_LIMIT) return { allowed: false, scope: 'ip' };
  return { allowed: true };
}

/**
 * Advisory wait after the `failures`-th failure: 1, 2, 4, 8 … seconds, capped at the window.
 * Clients that honour it slow down well before the hard lockout.
 */
export function backoffSeconds(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(LOGIN_WINDOW_SECONDS, 2 ** (failures - 1));
}

/** How long a lockout lasts: what is left of the window the failures were counted in. */
export function lockoutSeconds(windowTtlSeconds: number | undefined): number {
  const remaining = windowTtlSeconds === undefined || windowTtlSeconds < 0 ? LOGIN_WINDOW_SECONDS : windowTtlSeconds;
  return Math.max(1, Math.min(LOGIN_WINDOW_SECONDS, remaining));
}
