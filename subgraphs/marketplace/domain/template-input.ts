import { refuse } from './errors.js';
import { normaliseCurrency } from './money.js';

export const LIMITS = { name: 120, description: 4_000, category: 60, tags: 10, tag: 30, maxPriceCents: 99_999_999, minPaidCents: 50 } as const;

function text(value: string, field: string, max: number, required = true): string {
  const trimmed = value.trim();
  if (required && !trimmed) throw refuse('BAD_USER_INPUT', `${field} must not be empty`, field);
  if (trimmed.length > max) throw refuse('BAD_USER_INPUT', `${field} must be at most ${max} characters`, field);
  return trimmed;
}

export const checkName = (value: string) => text(value, 'name', LIMITS.name);
export const checkDescription = (value: string) => text(value, 'description', LIMITS.description, false);
export const checkCategory = (value: string) => text(value, 'category', LIMITS.category);

export function checkTags(tags: readonly string[]): string[] {
  if (tags.length > LIMITS.tags) throw refuse('BAD_USER_INPUT', `at most ${LIMITS.tags} tags`, 'tags');
  return [...new Set(tags.map((tag) => text(tag, 'tags', LIMITS.tag).toLowerCase()))];
}

/** 0 is free; a paid price must be one Stripe can charge (about 50 units at least). */
export function checkPrice(priceCents: number): number {
  if (!Number.isInteger(priceCents) || priceCents < 0 || priceCents > LIMITS.maxPriceCents) {
    throw refuse('BAD_USER_INPUT', `priceCents must be an integer between 0 and ${LIMITS.maxPriceCents}`, 'priceCents');
  }
  if (priceCents > 0 && priceCents < LIMITS.minPaidCents) throw refuse('BAD_USER_INPUT', `a paid template costs at least ${LIMITS.minPaidCents} of the currency's smallest unit`, 'priceCents');
  return priceCents;
}

/** Stored upper case, as shown; Stripe gets it lower case. */
export function checkCurrency(currency: string): string {
  const code = normaliseCurrency(currency);
  if (!code) throw refuse('BAD_USER_INPUT', 'currency must be an ISO 4217 code such as EUR', 'currency');
  return code.toUpperCase();
}
