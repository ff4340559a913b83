export const ROLES = ['admin', 'user', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export interface Principal {
  readonly kind: 'user';
  readonly userId: string;
  readonly tenantId: string;
  readonly roles: readonly Role[];
  /** The access token's `jti`, for revocation. */
  readonly tokenId: string;
  /** The sign-in the token belongs to (`sid`, identity's refresh-token family), for revoking all of its tokens at once. */
  readonly sessionId?: string;
  readonly expiresAt: Date;
  /** Set for partner clients authenticated by API key: what the key may do. */
  readonly scopes?: readonly string[];
  /** `user` for people; `api-key` for partner clients (then `userId` is the key's id). */
  readonly client?: 'user' | 'api-key';
  /** The partner client an API key is bound to (its persisted-operation list); absent for people (and in a token exchanged before every key was bound, which the gateway refuses). */
  readonly clientName?: string;
}

export interface Anonymous {
  readonly kind: 'anonymous';
}

/** Who is asking. Built once per request from verified credentials, never from plain headers. */
export type AuthContext = Principal | Anonymous;

export const anonymous: Anonymous = { kind: 'anonymous' };

export function hasRole(auth: AuthContext, ...roles: Role[]): boolean {
  return auth.kind === 'user' && auth.roles.some((r) => roles.includes(r));
}

/**
 * Whether two verified identities are the same caller: the same user (or API key) of the same
 * tenant. A renewed credential must be, so that renewing can extend a connection but never hand
 * it to someone else. Roles and scopes may differ: the newer credential says what holds now.
 */
export function sameCaller(a: AuthContext, b: AuthContext): boolean {
  return a.kind === 'user' && b.kind === 'user' && a.userId === b.userId && a.tenantId === b.tenantId && (a.client ?? 'user') === (b.client ?? 'user');
}
