/**
 * Login throttling policy. Failures are counted in fixed 15-minute windows that start with the
 * first failure, under three keys:
 * - account and address together: guessing one account's password from one place. At the limit
 *   that pair is locked, the right password included, so guessing stops there.
 * - address: spraying many accounts from one place. At the limit the address is locked.
 * - account, from every address: guessing one account from many places. This never locks, or
 *   anyone who knows an email could lock its owner out; it slows every attempt on the account
 *   (the owner's too) with a delay that doubles per failure, capped.
 * A lock is lifted for whoever proves the account's second factor: the right password with a
 * valid TOTP code signs in while locked and clears the account's counters.
 */
export const LOGIN_WINDOW_SECONDS = 15 * 60;
export const PAIR_FAILURE_LIMIT = 5;
export const IP_FAILURE_LIMIT = 50;
/** Failures of one account, from all addresses, before its attempts are slowed. */
export const ACCOUNT_SLOWDOWN_THRESHOLD = 10;
export const ACCOUNT_FIRST_DELAY_MS = 250;
/** Below the gateway's subgraph timeout, so a slowed login still gets its answer. */
export const ACCOUNT_MAX_DELAY_MS = 4_000;

export const pairFailureKey = (email: string, ip: string) => `login:fail:pair:${email}|${ip}`;
export const ipFailureKey = (ip: string) => `login:fail:ip:${ip}`;
export const accountFailureKey = (email: string) => `login:fail:acct:${email}`;

export interface FailureCounts {
  pair: number;
  ip: number;
  account: number;
}

export type ThrottleDecision = { kind: 'allow'; delayMs: number } | { kind: 'locked'; scope: 'pair' | 'ip' };

/** Locked once a window already holds a limit of failures; otherwise allowed, after the account's delay. */
export function decideLoginThrottle(failures: FailureCounts): ThrottleDecision {
  if (failures.pair >= PAIR_FAILURE_LIMIT) return { kind: 'locked', scope: 'pair' };
  if (failures.ip >= IP_FAILURE_LIMIT) return { kind: 'locked', scope: 'ip' };
  return { kind: 'allow', delayMs: accountDelayMs(failures.account) };
}

/** 250 ms at the threshold, doubling per further failure, at most ACCOUNT_MAX_DELAY_MS. */
export function accountDelayMs(accountFailures: number): number {
  if (accountFailures < ACCOUNT_SLOWDOWN_THRESHOLD) return 0;
  return Math.min(ACCOUNT_MAX_DELAY_MS, ACCOUNT_FIRST_DELAY_MS * 2 ** (accountFailures - ACCOUNT_SLOWDOWN_THRESHOLD));
}

/**
 * Advisory wait after the `failures`-th failure: 1, 2, 4, 8 … seconds, capped at the window.
 * Clients that honour it slow down well before the lock.
 */
export function backoffSeconds(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(LOGIN_WINDOW_SECONDS, 2 ** (failures - 1));
}

/** How long a lock lasts: what is left of the window the failures were counted in. */
export function lockoutSeconds(windowTtlSeconds: number | undefined): number {
  const remaining = windowTtlSeconds === undefined || windowTtlSeconds < 0 ? LOGIN_WINDOW_SECONDS : windowTtlSeconds;
  return Math.max(1, Math.min(LOGIN_WINDOW_SECONDS, remaining));
}
