import type DataLoader from 'dataloader';
import { byIdLoader, type AuthContext, type AuthenticatedContext } from '@flowgraph/shared';
import type { IdentityRepository } from './data/identity-repository.js';
import type { UserRow } from './data/schema.js';
import type { TokenIssuer } from './data/token-issuer.js';

export interface Context extends AuthenticatedContext {
  repo: IdentityRepository;
  tokens: TokenIssuer;
  verifyPassword(hash: string, password: string): Promise<boolean>;
  loaders: { user: DataLoader<string, UserRow | null> };
  /** Set by a successful login in this request, so its payload may be read back. */
  signedIn?: { userId: string; tenantId: string };
}

export function createContext(auth: AuthContext, deps: Omit<Context, 'auth' | 'loaders' | 'signedIn'>): Context {
  const tenantId = auth.kind === 'user' ? auth.tenantId : undefined;
  return {
    ...deps,
    auth,
    loaders: {
      // Scoped to the caller's tenant: a reference to another tenant's user resolves to null.
      user: byIdLoader((ids) => (tenantId ? deps.repo.usersByIds(tenantId, ids) : Promise.resolve([]))),
    },
  };
}
