import { allow, canWrite, isAuthenticated, type PermissionMap } from '@flowgraph/shared';

export const permissions: PermissionMap = {
  Query: { workflowGenerations: isAuthenticated, workflowGeneration: isAuthenticated },
  Mutation: { generateWorkflow: canWrite, importGeneratedWorkflow: canWrite, workflowFeedback: canWrite },
  Subscription: { workflowGenerationUpdated: isAuthenticated },
  WorkflowGeneration: { '*': isAuthenticated },
  GenerationIssue: { '*': allow },
  GenerationRound: { '*': allow },
  SimilarWorkflow: { '*': allow },
  WorkflowFeedback: { '*': isAuthenticated },
  User: { '*': isAuthenticated },
  Specification: { '*': isAuthenticated },
};
