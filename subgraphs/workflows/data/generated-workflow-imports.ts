/**
 * Imports the specifications the ai subgraph generated, when a person asks for it there
 * (`importGeneratedWorkflow`): the ai subgraph owns no specification and writes none of these
 * tables, it publishes `ai.workflow.import-requested` with the XML, and this consumer imports it
 * through the same path as `importSpecification` (parse, verify, store a version), then answers on
 * `workflows.generated-imports` with the specification's id or the reason it was refused.
 *
 * Delivery is at least once: a repeated request finds the version already imported (the XML's
 * identifier is the generation's) and answers with that specification again.
 */
import { and, eq } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { createEnvelope, withTenant, type EventBus, type Logger, type Subscription } from '@flowgraph/shared';
import { AI_EVENTS_TOPIC, AiEventType, GENERATED_IMPORTS_TOPIC, GeneratedImportEventType, type ImportRequestedData } from '@flowgraph/shared/events/ai-events';
import { parseSpecificationSet } from '@flowgraph/yawl';
import { specifications } from './schema.js';
import { specificationIdentity, type SpecificationCatalog } from './specification-import.js';

const isRequest = (data: unknown): data is ImportRequestedData => {
  const d = data as Partial<ImportRequestedData> | null;
  return typeof d?.generationId === 'string' && typeof d.requestedBy === 'string' && typeof d.xml === 'string';
};

async function existingVersion(catalog: SpecificationCatalog, tenantId: string, xml: string): Promise<string | undefined> {
  const parsed = parseSpecificationSet(xml);
  const spec = parsed.ok ? parsed.set.specifications[0] : undefined;
  if (!spec) return undefined;
  const { identifier, version } = specificationIdentity(spec);
  const [row] = await withTenant(catalog.database, tenantId, (tx) =>
    tx
      .select({ id: specifications.id })
      .from(specifications)
      .where(and(eq(specifications.tenantId, tenantId), eq(specifications.identifier, identifier), eq(specifications.version, version))),
  );
  return row?.id;
}

export async function consumeGeneratedWorkflowImports(bus: EventBus, catalog: SpecificationCatalog, logger: Logger): Promise<Subscription> {
  return bus.subscribe({
    groupId: 'workflows-generated-imports',
    topic: AI_EVENTS_TOPIC,
    handler: async (envelope) => {
      if (envelope.type !== AiEventType.importRequested || !isRequest(envelope.data)) return;
      const { generationId, requestedBy, xml } = envelope.data;
      const answer = (type: string, data: Record<string, string>) =>
        bus.publish(GENERATED_IMPORTS_TOPIC, [createEnvelope({ type, source: 'workflows', tenantId: envelope.tenantId, key: generationId, data: { generationId, ...data } })]);
      try {
        const { rows } = await catalog.importSet(envelope.tenantId, requestedBy, xml);
        await answer(GeneratedImportEventType.imported, { specificationId: rows[0]!.id });
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        const existing = error.extensions.code === 'CONFLICT' ? await existingVersion(catalog, envelope.tenantId, xml) : undefined;
        if (existing) return answer(GeneratedImportEventType.imported, { specificationId: existing });
        logger.warn({ generationId, code: error.extensions.code }, 'generated workflow refused at import');
        await answer(GeneratedImportEventType.failed, { reason: error.message });
      }
    },
  });
}
