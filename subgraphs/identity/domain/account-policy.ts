/** Input rules for accounts; each failure names the field so a form can point at it. */
export interface PolicyViolation {
  field: string;
  message: string;
}

export const MIN_PASSWORD_LENGTH = 10;
/** argon2 hashes any length, but unbounded input is a cheap way to burn server CPU. */
export const MAX_PASSWORD_LENGTH = 256;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;

export function passwordViolation(password: string, field = 'password'): PolicyViolation | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return { field, message: `Password must be at least ${MIN_PASSWORD_LENGTH} characters` };
  if (password.length > MAX_PASSWORD_LENGTH) return { field, message: `Password must be at most ${MAX_PASSWORD_LENGTH} characters` };
  return undefined;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emailViolation(email: string): PolicyViolation | undefined {
  const normalized = normalizeEmail(email);
  return EMAIL.test(normalized) && normalized.length <= 254 ? undefined : { field: 'email', message: 'Email address is not valid' };
}

export function slugViolation(slug: string): PolicyViolation | undefined {
  return SLUG.test(slug) ? undefined : { field: 'tenantSlug', message: 'Slug must be 3-40 lowercase letters, digits or dashes, not starting or ending with a dash' };
}

export function nameViolation(name: string, field = 'name'): PolicyViolation | undefined {
  const trimmed = name.trim();
  return trimmed.length >= 1 && trimmed.length <= 200 ? undefined : { field, message: 'Name must be 1-200 characters' };
}

/** The first violation among `checks`, in the order a form shows its fields. */
export function firstViolation(...checks: (PolicyViolation | undefined)[]): PolicyViolation | undefined {
  return checks.find((violation) => violation !== undefined);
}
