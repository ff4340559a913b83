import type { GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, type and, deny, rule, shield, type IRules } from 'graphql-shield';
import { hasRole, type AuthContext, type Role } from '../auth/context.js';
import { forbidden, unauthenticated } from './errors.js';

export { allow, deny };
/** graphql-shield does not export its rule union; `and` takes exactly that. */
export type ShieldRule = Parameters<typeof and>[number];
export type PermissionMap = Record<string, Record<string, ShieldRule>>;

interface WithAuth {
  auth: AuthContext;
}

export const isAuthenticated = rule({ cache: 'contextual' })((_parent: unknown, _args: unknown, ctx: WithAuth) =>
  ctx.auth.kind === 'user' ? true : unauthenticated(),
);

/** Allows callers holding any of `roles`; an anonymous caller is told to authenticate, not that it is forbidden. */
export function hasAnyRole(...roles: Role[]): ShieldRule {
  return rule(`hasAnyRole:${roles.join(',')}`, { cache: 'contextual' })((_parent: unknown, _args: unknown, ctx: WithAuth) => {
    if (ctx.auth.kind !== 'user') return unauthenticated();
    return hasRole(ctx.auth, ...roles) ? true : forbidden(`Requires role ${roles.join(' or ')}`);
  });
}

/** Every role may read; `viewer` may not write. */
export const canWrite = hasAnyRole('admin', 'user');
export const isAdmin = hasAnyRole('admin');

/**
 * Wraps `schema` in graphql-shield with deny as the fallback, so a field nobody listed
 * is refused. The federation entry points are allowed explicitly: `_entities` only
 * returns what each type's own `__resolveReference` (and its field rules) let through.
 */
export function guardSchema(schema: GraphQLSchema, permissions: PermissionMap): GraphQLSchema {
  const tree: Record<string, Record<string, ShieldRule>> = {};
  for (const [type, fields] of Object.entries(permissions)) tree[type] = { ...fields };
  tree.Query = { ...tree.Query, _service: allow, _entities: allow };
  tree._Service = { sdl: allow };
  const middleware = shield(tree as IRules, {
    fallbackRule: deny,
    fallbackError: () => forbidden('Not allowed'),
    allowExternalErrors: true,
  });
  return applyMiddleware(schema, middleware);
}
