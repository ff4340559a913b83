import { badUserInput } from './errors.js';

export const MAX_PAGE_SIZE = 100;

/** Validates a `first` argument: 1..MAX_PAGE_SIZE. */
export function pageSize(first: number | null | undefined, fallback = 50): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) throw badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE}`, 'first');
  return size;
}
