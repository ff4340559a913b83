import { canWrite, isAuthenticated, type PermissionMap } from '@flowgraph/shared';

/**
 * The catalog is for signed-in members of some tenant; buying, selling and installing change
 * things, so viewers may not. Whatever is not listed is denied.
 */
export const permissions: PermissionMap = {
  Query: {
    templates: isAuthenticated,
    template: isAuthenticated,
    templateCategories: isAuthenticated,
    myPurchases: isAuthenticated,
    myInstallations: isAuthenticated,
    mySales: isAuthenticated,
    payoutSummary: isAuthenticated,
  },
  Mutation: {
    publishTemplate: canWrite,
    updateTemplate: canWrite,
    publishTemplateVersion: canWrite,
    unpublishTemplate: canWrite,
    connectPayoutAccount: canWrite,
    purchaseTemplate: canWrite,
    installTemplate: canWrite,
    reviewTemplate: canWrite,
  },
  Template: { '*': isAuthenticated },
  TemplateEdge: { '*': isAuthenticated },
  TemplateConnection: { '*': isAuthenticated },
  TemplatePageInfo: { '*': isAuthenticated },
  Review: { '*': isAuthenticated },
  Purchase: { '*': isAuthenticated },
  Sale: { '*': isAuthenticated },
  PayoutSummary: { '*': isAuthenticated },
  PayoutAccountLink: { '*': isAuthenticated },
  TemplateInstallation: { '*': isAuthenticated },
  User: { '*': isAuthenticated },
  PublicProfile: { '*': isAuthenticated },
  Specification: { '*': isAuthenticated },
};
