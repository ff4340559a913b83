/**
 * Importing a generation's result into the caller's tenant. The ai subgraph never writes the
 * workflows subgraph's tables: it records the request and publishes `ai.workflow.import-requested`
 * (with the XML) through its outbox in one transaction; the workflows subgraph imports it and
 * answers on `workflows.generated-imports`, which sets the generation's specification here.
 */
import { createEnvelope, type EventBus, type Logger, type Subscription } from '@flowgraph/shared';
import { AI_EVENTS_TOPIC, AiEventType, GENERATED_IMPORTS_TOPIC, GeneratedImportEventType, type GeneratedImportData, type ImportRequestedData } from '@flowgraph/shared/events/ai-events';
import type { GenerationRepository } from '../data/generation-repository.js';
import type { GenerationRow } from '../data/schema.js';
import { GenerationNotFoundError, GenerationStateError } from './errors.js';
import type { GenerationFeed } from './generation-feed.js';

export class GenerationImports {
  constructor(
    private readonly generations: GenerationRepository,
    private readonly feed: GenerationFeed,
    private readonly now: () => Date,
    private readonly notifyOutbox: () => void,
  ) {}

  async request(actor: { tenantId: string; userId: string }, generationId: string): Promise<GenerationRow> {
    const row = await this.generations.byId(actor.tenantId, generationId);
    if (!row) throw new GenerationNotFoundError(generationId);
    if (row.status !== 'succeeded' || !row.specificationXml) throw new GenerationStateError(`generation ${generationId} is ${row.status.toUpperCase()}; only a SUCCEEDED generation can be imported`);
    if (row.importStatus === 'requested' || row.importStatus === 'imported') return row;
    const data: ImportRequestedData = { generationId, requestedBy: actor.userId, xml: row.specificationXml };
    const envelope = createEnvelope({ type: AiEventType.importRequested, source: 'ai', tenantId: actor.tenantId, key: generationId, data });
    const updated = await this.generations.update(actor.tenantId, generationId, { importStatus: 'requested', importError: null }, this.now(), { topic: AI_EVENTS_TOPIC, envelopes: [envelope] });
    this.notifyOutbox();
    await this.feed.announce(actor.tenantId, generationId);
    return updated ?? row;
  }

  /** Takes the workflows subgraph's answers: the specification's id, or why it refused. */
  watchAnswers(bus: EventBus, logger: Logger): Promise<Subscription> {
    return bus.subscribe({
      groupId: 'ai-generated-imports',
      topic: GENERATED_IMPORTS_TOPIC,
      handler: async (envelope) => {
        const data = envelope.data as GeneratedImportData;
        if (typeof data.generationId !== 'string') return;
        const change =
          envelope.type === GeneratedImportEventType.imported && 'specificationId' in data
            ? { importStatus: 'imported' as const, specificationId: data.specificationId, importError: null }
            : envelope.type === GeneratedImportEventType.failed && 'reason' in data
              ? { importStatus: 'failed' as const, importError: data.reason }
              : undefined;
        if (!change) return;
        const row = await this.generations.update(envelope.tenantId, data.generationId, change, this.now());
        if (!row) return logger.warn({ generationId: data.generationId }, 'import answer for an unknown generation');
        await this.feed.announce(envelope.tenantId, data.generationId);
      },
    });
  }
}
