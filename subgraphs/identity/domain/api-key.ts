import { randomBytes } from 'node:crypto';

/** Partner keys look like `fgk_<8-char prefix>_<43-char secret>`; the prefix identifies, the rest authenticates. */
const KEY_FORMAT = /^fgk_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const SCOPE = /^[a-z][a-z-]*(:[a-z][a-z-]*)?$/;
/** How long a token exchanged for an API key lives, unless configured otherwise (API_KEY_TOKEN_TTL_SECONDS). */
export const API_KEY_TOKEN_TTL_SECONDS = 5 * 60;
export const API_KEY_ROLES = ['user', 'viewer'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh key; randomness is the one impurity here, kept so callers cannot weaken it. */
export function generateApiKey(): { prefix: string; secret: string } {
  const prefix = Array.from(randomBytes(8), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
  return { prefix, secret: `fgk_${prefix}_${randomBytes(32).toString('base64url')}` };
}

export function isWellFormedApiKey(value: string): boolean {
  return KEY_FORMAT.test(value);
}

export interface ApiKeyInputViolation {
  field: 'name' | 'role' | 'scopes';
  message: string;
}

/** Partners never get admin rights: an admin-level key would outlive any person's session. */
export function apiKeyInputViolation(input: { name: string; role: string; scopes: readonly string[] }): ApiKeyInputViolation | undefined {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) return { field: 'name', message: 'name must be 1 to 100 characters' };
  if (!(API_KEY_ROLES as readonly string[]).includes(input.role)) return { field: 'role', message: 'an API key may have role USER or VIEWER' };
  if (input.scopes.length > 20) return { field: 'scopes', message: 'at most 20 scopes' };
  const bad = input.scopes.find((scope) => !SCOPE.test(scope));
  if (bad !== undefined) return { field: 'scopes', message: `scope ${JSON.stringify(bad)} must look like "resource" or "resource:action"` };
  return undefined;
}
