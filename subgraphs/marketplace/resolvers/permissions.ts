import { isAuthenticated, type PermissionMap } from '@flowgraph/shared';

/** The catalog is for signed-in members of some tenant; whatever is not listed is denied. */
export const permissions: PermissionMap = {
  Query: { templates: isAuthenticated, template: isAuthenticated, templateCategories: isAuthenticated },
  Template: { '*': isAuthenticated },
  User: { '*': isAuthenticated },
  Specification: { '*': isAuthenticated },
};
