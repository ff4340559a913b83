import { GraphQLError } from 'graphql';
import { badUserInput, ErrorCode } from '@flowgraph/shared';
import type { PolicyViolation } from '../domain/account-policy.js';

/** CONFLICT naming the field, so a sign-up form can say which value is taken. */
export function conflictOn(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.Conflict, field } });
}

export function rejectViolation(violation: PolicyViolation | undefined): void {
  if (violation) throw badUserInput(violation.message, violation.field);
}

/** Too many failed logins: the client should wait `retryAfterSeconds` before trying again. */
export function rateLimited(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError('Too many failed sign-in attempts; try again later', { extensions: { code: 'RATE_LIMITED', retryAfterSeconds } });
}

/** Wrong credentials, with the advisory backoff a well-behaved client waits before retrying. */
export function invalidCredentials(retryAfterSeconds: number, mfa = false): GraphQLError {
  return new GraphQLError(mfa ? 'Invalid verification code' : 'Invalid email or password', {
    extensions: { code: ErrorCode.Unauthenticated, http: { status: 401 }, retryAfterSeconds, ...(mfa ? { mfaRequired: true } : {}) },
  });
}

/** The password was right, but the account needs a TOTP code too. */
export function mfaRequired(): GraphQLError {
  return new GraphQLError('A verification code is required', { extensions: { code: ErrorCode.Unauthenticated, http: { status: 401 }, mfaRequired: true } });
}
