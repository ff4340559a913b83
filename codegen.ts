import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Which row type each GraphQL object type resolves from, per subgraph, relative to
 * the generated file. Types not listed resolve from their generated shape.
 */
const mappers: Record<string, Record<string, string>> = {
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
  },
  marketplace: { Template: '../data/template-store.js#TemplateRecord', User: '../mappers.js#UserReference', Specification: '../mappers.js#SpecificationReference' },
  ai: { WorkflowGeneration: '../data/schema.js#GenerationRow', User: '../mappers.js#UserReference', Specification: '../mappers.js#SpecificationReference' },
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
    Object.entries(mappers).map(([name, typeMappers]) => [
      `subgraphs/${name}/generated/resolvers-types.ts`,
      {
        schema: `subgraphs/${name}/schema.graphql`,
        plugins: ['typescript', 'typescript-resolvers'],
        config: {
          federation: true,
          useIndexSignature: false,
          useTypeImports: true,
          enumsAsTypes: true,
          contextType: '../context.js#Context',
          mappers: typeMappers,
          scalars: { DateTime: 'Date', ID: 'string', JSON: 'unknown' },
          avoidOptionals: { field: true },
          maybeValue: 'T | null',
        },
      },
    ]),
  ),
};

export default config;
