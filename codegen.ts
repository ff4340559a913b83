import type { CodegenConfig } from '@graphql-codegen/cli';
import { SUBGRAPHS, type SubgraphName } from './packages/shared/src/platform/subgraphs.js';

/**
 * Which row type each GraphQL object type resolves from, per subgraph of the list
 * (packages/shared/src/platform/subgraphs.ts), relative to the generated file. Types not
 * listed resolve from their generated shape; a subgraph with none maps to `{}`.
 */
const mappers: Record<SubgraphName, Record<string, string>> = {
  identity: {
    User: '../data/schema.js#UserRow',
    Tenant: '../data/schema.js#TenantRow',
    ApiKey: '../data/schema.js#ApiKeyRow',
    PersistedQueryClient: '../data/schema.js#PersistedQueryClientRow',
    UnlistedOperation: '../data/schema.js#UnlistedOperationRow',
    AuthPayload: '../domain/auth-payload.js#AuthPayloadModel',
  },
  workflows: {
    Specification: '../data/schema.js#SpecificationRow',
    User: '../mappers.js#UserReference',
    Case: '../data/schema.js#CaseRow',
    CaseEvent: '../data/schema.js#CaseEventRow',
    WorkItem: '../mappers.js#WorkItemModel',
    CaseEventNotification: '../mappers.js#CaseEventNotice',
    WorkQueueChange: '../mappers.js#WorkQueueChangeModel',
    VerificationIssue: '@flowgraph/yawl#VerificationIssue as VerificationIssueModel',
  },
  marketplace: {
    Template: '../data/template-store.js#TemplateRecord',
    User: '../mappers.js#UserReference',
    Specification: '../mappers.js#SpecificationReference',
    Purchase: '../data/schema.js#PurchaseRow',
    Sale: '../mappers.js#SaleRecord',
    Review: '../data/schema.js#ReviewRow',
    TemplateInstallation: '../data/schema.js#InstallationRow',
  },
  ai: { WorkflowGeneration: '../data/schema.js#GenerationRow', SimilarWorkflow: '../data/schema.js#StoredSimilar', WorkflowFeedback: '../data/schema.js#FeedbackRow', User: '../mappers.js#UserReference', Specification: '../mappers.js#SpecificationReference' },
  analytics: {
    Specification: '../mappers.js#SpecificationReference',
    Tenant: '../mappers.js#TenantReference',
    SpecificationMetrics: '../data/schema.js#SpecificationMetricsRow',
  },
};

/** Typed resolvers per subgraph, with federation's `__resolveReference` and reference types. */
const config: CodegenConfig = {
  overwrite: true,
  generates: Object.fromEntries(
    SUBGRAPHS.map(({ name, folder }) => [
      `${folder}/generated/resolvers-types.ts`,
      {
        schema: `${folder}/schema.graphql`,
        plugins: ['typescript', 'typescript-resolvers'],
        config: {
          federation: true,
          useIndexSignature: false,
          useTypeImports: true,
          enumsAsTypes: true,
          contextType: '../context.js#Context',
          mappers: mappers[name],
          scalars: { DateTime: 'Date', ID: 'string', JSON: 'unknown' },
          avoidOptionals: { field: true },
          maybeValue: 'T | null',
        },
      },
    ]),
  ),
};

export default config;
