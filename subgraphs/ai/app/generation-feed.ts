import { LiveFeed, createEnvelope, type EventBus, type EventEnvelope, type Logger } from '@flowgraph/shared';

/** Progress notices of generations, for `workflowGenerationUpdated` on every instance. */
export const GENERATION_UPDATES_TOPIC = 'ai.generation-updates';

export interface GenerationNotice {
  tenantId: string;
  generationId: string;
}

function noticeOf(envelope: EventEnvelope): GenerationNotice | undefined {
  const data = envelope.data as { generationId?: unknown };
  return typeof data.generationId === 'string' ? { tenantId: envelope.tenantId, generationId: data.generationId } : undefined;
}

/**
 * Each status change is announced on the bus (not the outbox: progress is ephemeral, the row holds
 * the truth), so the instance a client subscribed on hears of work another instance does.
 */
export class GenerationFeed extends LiveFeed<GenerationNotice> {
  constructor(bus: EventBus, logger: Logger) {
    super(bus, logger, { topic: GENERATION_UPDATES_TOPIC, name: 'ai-generations', read: noticeOf });
  }

  async announce(tenantId: string, generationId: string): Promise<void> {
    await this.bus.publish(GENERATION_UPDATES_TOPIC, [createEnvelope({ type: 'ai.generation.updated', source: 'ai', tenantId, key: generationId, data: { generationId } })]);
  }
}
