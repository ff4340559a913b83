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
import { createEnvelope, withTenant, type Db, type EventBus, type Logger, type Subscription } from '@flowgraph/shared';
import { AI_EVENTS_TOPIC, AiEventType, GENERATED_IMPORTS_TOPIC, GeneratedImportEventType, type ImportRequestedData } from '@flowgraph/shared/events/ai-events';
import { parseSpecificationSet } from '@flowgraph/yawl';
import { specifications } from './schema.js';

/** What this consumer needs of the specification catalog: the import path every upload takes, and its database. */
export interface GeneratedWorkflowCatalog {
  importSet(tenantId: string, createdBy: string, xml: string): Promise<{ rows: readonly { id: string }[] }>;
  readonly database: Db;
}

/**
 * Whether the catalog refused the document (the answer is a failure) or it is already imported
 * (the answer is that specification); undefined for anything else, which the bus retries. Read off
 * the error's GraphQL code or its class name, so that both the GraphQL errors the catalog throws
 * here and the typed errors (Conflict, InvalidInput) it throws after the move to app/ classify alike.
 */
function refusal(error: unknown): 'conflict' | 'invalid' | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
  if (code === 'CONFLICT' || error.name === 'Conflict') return 'conflict';
  if (code === 'BAD_USER_INPUT' || error.name === 'InvalidInput') return 'invalid';
  return undefined;
}

const isRequest = (data: unknown): data is ImportRequestedData => {
  const d = data as Partial<ImportRequestedData> | null;
  return typeof d?.generationId === 'string' && typeof d.requestedBy === 'string' && typeof d.xml === 'string';
};

async function existingVersion(catalog: GeneratedWorkflowCatalog, tenantId: string, xml: string): Promise<string | undefined> {
  const parsed = parseSpecificationSet(xml);
  const spec = parsed.ok ? parsed.set.specifications[0] : undefined;
  if (!spec) return undefined;
  // The catalog's identity of a version (specificationIdentity): the identifier, else the uri.
  const [identifier, version] = [spec.meta.identifier || spec.uri, spec.meta.version];
  const [row] = await withTenant(catalog.database, tenantId, (tx) =>
    tx
      .select({ id: specifications.id })
      .from(specifications)
      .where(and(eq(specifications.tenantId, tenantId), eq(specifications.identifier, identifier), eq(specifications.version, version))),
  );
  return row?.id;
}

export async function consumeGeneratedWorkflowImports(bus: EventBus, catalog: GeneratedWorkflowCatalog, logger: Logger): Promise<Subscription> {
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
        const kind = refusal(error);
        if (!kind) throw error;
        const existing = kind === 'conflict' ? await existingVersion(catalog, envelope.tenantId, xml) : undefined;
        if (existing) return answer(GeneratedImportEventType.imported, { specificationId: existing });
        logger.warn({ generationId, refusal: kind }, 'generated workflow refused at import');
        await answer(GeneratedImportEventType.failed, { reason: (error as Error).message });
      }
    },
  });
}
