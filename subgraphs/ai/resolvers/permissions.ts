import { isAuthenticated, type PermissionMap } from '@flowgraph/shared';

export const permissions: PermissionMap = {
  Query: { workflowGenerations: isAuthenticated, workflowGeneration: isAuthenticated },
  WorkflowGeneration: { '*': isAuthenticated },
  User: { '*': isAuthenticated },
  Specification: { '*': isAuthenticated },
};
