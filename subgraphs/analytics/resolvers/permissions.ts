import { isAuthenticated, type PermissionMap } from '@flowgraph/shared';

/** Metrics are for signed-in members, always of their own tenant; whatever is not listed is denied. */
export const permissions: PermissionMap = {
  Query: { busiestSpecifications: isAuthenticated },
  Subscription: { specificationMetricsChanged: isAuthenticated },
  Specification: { '*': isAuthenticated },
  SpecificationMetrics: { '*': isAuthenticated },
  Tenant: { '*': isAuthenticated },
  TenantMetrics: { '*': isAuthenticated },
};
