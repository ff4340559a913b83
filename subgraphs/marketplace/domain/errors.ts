/**
 * What the marketplace's services refuse, in the domain's words; the resolvers alone turn
 * these into GraphQL errors with their `extensions.code`.
 */
export type MarketplaceErrorKind = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'UNAVAILABLE';

export class MarketplaceError extends Error {
  constructor(
    readonly kind: MarketplaceErrorKind,
    message: string,
    readonly field?: string,
    /** Further facts a client may act on (e.g. the snapshot's verification `issues`); they go into `extensions`. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'MarketplaceError';
  }
}

export const refuse = (kind: MarketplaceErrorKind, message: string, field?: string, details?: Record<string, unknown>): MarketplaceError =>
  new MarketplaceError(kind, message, field, details);
