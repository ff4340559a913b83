/** The creator's share of a sale, in percent; the platform keeps the rest. */
export const CREATOR_SHARE_PERCENT = 70;

/** Currencies Stripe counts in whole units (no minor unit): amounts are already in the smallest unit. */
export const ZERO_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);

export interface Split {
  creatorCents: number;
  platformCents: number;
}

/**
 * Splits an amount in the smallest currency unit. The creator's part is rounded down and the
 * platform gets exactly the remainder, so the two always add up to the amount: no cent is made
 * or lost (70% of 9,999 is 6,999.3 → 6,999 to the creator, 3,000 to the platform). The same rule
 * holds for zero-decimal currencies, whose smallest unit is the whole unit.
 */
export function splitSale(amountCents: number): Split {
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) throw new RangeError(`amount must be a non-negative integer in the smallest unit, got ${amountCents}`);
  const creatorCents = Math.floor((amountCents * CREATOR_SHARE_PERCENT) / 100);
  return { creatorCents, platformCents: amountCents - creatorCents };
}

const CURRENCY = /^[A-Za-z]{3}$/;

/** ISO 4217 codes are stored and sent to Stripe in lower case. */
export function normaliseCurrency(currency: string): string | null {
  const trimmed = currency.trim();
  return CURRENCY.test(trimmed) ? trimmed.toLowerCase() : null;
}
