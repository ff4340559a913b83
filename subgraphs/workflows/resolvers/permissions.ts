import { isAuthenticated, type PermissionMap } from '@flowgraph/shared';

export const permissions: PermissionMap = {
  Query: { specifications: isAuthenticated, specification: isAuthenticated },
  Specification: { '*': isAuthenticated },
  User: { '*': isAuthenticated },
};
