import type DataLoader from 'dataloader';
import { byIdLoader, type AuthContext, type AuthenticatedContext, type Cache } from '@flowgraph/shared';
import type { IdentityRepository, PublicProfileRow } from './data/identity-repository.js';
import type { MfaCipher } from './data/mfa-cipher.js';
import type { UserRow } from './data/schema.js';
import type { TokenIssuer } from './data/token-issuer.js';

/** What the resolvers need beyond the caller; one instance per subgraph, shared by requests. */
export interface IdentityServices {
  repo: IdentityRepository;
  tokens: TokenIssuer;
  mfa: MfaCipher;
  /** Login counters and the access-token denylist. */
  cache: Cache;
  verifyPassword(hash: string, password: string): Promise<boolean>;
  hashPassword(password: string): Promise<string>;
  /** Wakes the outbox relay after a transaction that enqueued events has committed. */
  eventsCommitted(): void;
  now(): Date;
}

export interface Context extends AuthenticatedContext, IdentityServices {
  /** The caller's address, for per-IP login throttling; 'unknown' when there is no socket (tests). */
  clientIp: string;
  loaders: { user: DataLoader<string, UserRow | null>; publicProfile: DataLoader<string, PublicProfileRow | null> };
  /** Set by a successful login in this request, so its payload may be read back. */
  signedIn?: { userId: string; tenantId: string };
}

export function createContext(auth: AuthContext, services: IdentityServices, clientIp = 'unknown'): Context {
  const tenantId = auth.kind === 'user' ? auth.tenantId : undefined;
  return {
    ...services,
    auth,
    clientIp,
    loaders: {
      // Scoped to the caller's tenant: a reference to another tenant's user resolves to null.
      user: byIdLoader((ids) => (tenantId ? services.repo.usersByIds(tenantId, ids) : Promise.resolve([]))),
      // Any tenant's users, display name only; signed-in callers only (shield), never anonymous ones.
      publicProfile: byIdLoader((ids) => (tenantId ? services.repo.publicProfiles(ids) : Promise.resolve([]))),
    },
  };
}
