/**
 * Feeds the knowledge base from what other subgraphs announce, never from their tables: the
 * tenant's specifications (workflows.specification.imported) and marketplace templates
 * (marketplace.template.*). Delivery is at least once and may repeat an older event after a newer
 * one: each carries a revision, and the repository keeps the newest.
 *
 * Visibility follows the marketplace's rules (marketplace/domain/visibility.ts): a published public
 * template is seen by every tenant, a private one by its publisher alone; an unpublished one is
 * withdrawn. A specification is its tenant's alone.
 */
import { WORKFLOW_SUMMARY_LIMITS, type WorkflowSummary } from '@flowgraph/yawl';
import type { EventBus, EventEnvelope, Logger, Subscription } from '@flowgraph/shared';
import {
  SPECIFICATION_EVENTS_TOPIC,
  SpecificationEventType,
  TEMPLATE_EVENTS_TOPIC,
  TemplateEventType,
  type SpecificationImportedData,
  type TemplateChangedData,
} from '@flowgraph/shared/events/knowledge-events';
import type { ExternalEntry, KnowledgeRepository } from '../data/knowledge-repository.js';
import type { GenerationRepository } from '../data/generation-repository.js';

const limits = WORKFLOW_SUMMARY_LIMITS;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The identifier a generation gives its XML (generation-service.ts): imported, it is already here as GENERATED. */
const GENERATED_IDENTIFIER = /^UID_([0-9a-f-]{36})$/i;

const text = (value: unknown, max: number): string | undefined => (typeof value === 'string' ? value.slice(0, max) : undefined);
const texts = (value: unknown, count: number, max: number): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string').slice(0, count).map((item) => item.slice(0, max)) : [];

/** The summary fields of an event's data, bounded again: a producer's bounds are not this subgraph's guarantee. */
function summaryOf(data: Record<string, unknown>): Omit<WorkflowSummary, 'patterns'> & { patterns: string[] } {
  return {
    name: text(data.name, limits.name) ?? '',
    description: text(data.description, limits.description) ?? '',
    taskNames: texts(data.taskNames, limits.tasks, limits.taskName),
    patterns: texts(data.patterns, 20, 100),
  };
}

const revisionOf = (value: unknown): number | undefined => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined);

function entry(tenantId: string, source: ExternalEntry['source'], sourceId: string, revision: number, data: Record<string, unknown>, visibility: ExternalEntry['visibility'], withdrawn: boolean): ExternalEntry {
  const summary = summaryOf(data);
  return { tenantId, source, sourceId, revision, title: summary.name || sourceId, intent: summary.description, taskNames: summary.taskNames, patterns: summary.patterns, visibility, withdrawn };
}

export class KnowledgeFeed {
  constructor(
    private readonly knowledge: KnowledgeRepository,
    private readonly generations: GenerationRepository,
    private readonly logger: Logger,
  ) {}

  /** A specification imported into a tenant: its own, unless it is one of this subgraph's generations. */
  async specification(envelope: EventEnvelope): Promise<void> {
    if (envelope.type !== SpecificationEventType.imported || !UUID.test(envelope.tenantId)) return;
    const data = (envelope.data ?? {}) as Partial<Record<keyof SpecificationImportedData, unknown>> & Record<string, unknown>;
    const identifier = text(data.identifier, 500);
    const revision = revisionOf(data.revision);
    if (!identifier || revision === undefined) return this.logger.warn({ eventId: envelope.id }, 'specification event without identifier or revision: ignored');
    const generated = GENERATED_IDENTIFIER.exec(identifier)?.[1];
    if (generated && (await this.generations.byId(envelope.tenantId, generated))) return;
    await this.knowledge.applyExternal(entry(envelope.tenantId, 'tenant_specification', identifier, revision, data, 'tenant', false));
  }

  /** A template published, changed or unpublished by the tenant of the envelope, its publisher. */
  async template(envelope: EventEnvelope): Promise<void> {
    const known: readonly string[] = Object.values(TemplateEventType);
    if (!known.includes(envelope.type) || !UUID.test(envelope.tenantId)) return;
    const data = (envelope.data ?? {}) as Partial<Record<keyof TemplateChangedData, unknown>> & Record<string, unknown>;
    const templateId = text(data.templateId, 36);
    const revision = revisionOf(data.revision);
    if (!templateId || !UUID.test(templateId) || revision === undefined) return this.logger.warn({ eventId: envelope.id }, 'template event without id or revision: ignored');
    const withdrawn = envelope.type === TemplateEventType.unpublished || data.status !== 'published';
    const visibility = data.visibility === 'public' ? 'everyone' : 'tenant';
    await this.knowledge.applyExternal(entry(envelope.tenantId, 'marketplace_template', templateId, revision, data, visibility, withdrawn));
  }

  /** Subscribes to both topics; what came before the first start is read too (the knowledge base is built from it). */
  async start(bus: EventBus): Promise<Subscription> {
    const subscriptions = [
      await bus.subscribe({ groupId: 'ai-knowledge-specifications', topic: SPECIFICATION_EVENTS_TOPIC, handler: (envelope) => this.specification(envelope) }),
      await bus.subscribe({ groupId: 'ai-knowledge-templates', topic: TEMPLATE_EVENTS_TOPIC, handler: (envelope) => this.template(envelope) }),
    ];
    return {
      close: async () => {
        await Promise.all(subscriptions.map((subscription) => subscription.close()));
      },
    };
  }
}
