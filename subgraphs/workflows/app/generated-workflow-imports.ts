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
import { createEnvelope, type EventBus, type Logger, type Subscription } from '@flowgraph/shared';
import { AI_EVENTS_TOPIC, AiEventType, GENERATED_IMPORTS_TOPIC, GeneratedImportEventType, type ImportRequestedData } from '@flowgraph/shared/events/ai-events';
import { DomainError } from './errors.js';

/** What this consumer needs of the specification catalog: the import path every upload takes, idempotent. */
export interface GeneratedWorkflowCatalog {
  importOrFind(tenantId: string, createdBy: string, xml: string): Promise<string>;
}

const isRequest = (data: unknown): data is ImportRequestedData => {
  const d = data as Partial<ImportRequestedData> | null;
  return typeof d?.generationId === 'string' && typeof d.requestedBy === 'string' && typeof d.xml === 'string';
};

export async function consumeGeneratedWorkflowImports(bus: EventBus, catalog: GeneratedWorkflowCatalog, logger: Logger): Promise<Subscription> {
  return bus.subscribe({
    groupId: 'workflows-generated-imports',
    topic: AI_EVENTS_TOPIC,
    handler: async (envelope) => {
      if (envelope.type !== AiEventType.importRequested || !isRequest(envelope.data)) return;
      const { generationId, requestedBy, xml } = envelope.data;
      const answer = (type: string, data: Record<string, string>) =>
        bus.publish(GENERATED_IMPORTS_TOPIC, [createEnvelope({ type, source: 'workflows', tenantId: envelope.tenantId, key: generationId, data: { generationId, ...data } })]);
      let specificationId: string;
      try {
        specificationId = await catalog.importOrFind(envelope.tenantId, requestedBy, xml);
      } catch (error) {
        // A refusal (the XML does not import here) is the answer; anything else is retried by the bus.
        if (!(error instanceof DomainError)) throw error;
        logger.warn({ generationId, refusal: error.name }, 'generated workflow refused at import');
        await answer(GeneratedImportEventType.failed, { reason: error.message });
        return;
      }
      await answer(GeneratedImportEventType.imported, { specificationId });
    },
  });
}
