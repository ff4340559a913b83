/**
 * The feedback loop: what people say of a result (DEPLOYED, EDITED, REJECTED) and what they do
 * (a case launched from an imported generation counts as DEPLOYED, once) is counted on the
 * workflow the generation added to the knowledge base and on each of its patterns; retrieval
 * ranks similar workflows by those counts.
 */
import { CASE_EVENTS_TOPIC, CaseEventType, type EventBus, type Logger, type Subscription } from '@flowgraph/shared';
import type { FeedbackActionValue, FeedbackRepository } from '../data/feedback-repository.js';
import type { GenerationRepository } from '../data/generation-repository.js';
import type { KnowledgeRepository } from '../data/knowledge-repository.js';
import type { FeedbackRow } from '../data/schema.js';
import { GenerationInputError, GenerationNotFoundError, GenerationStateError } from './errors.js';

export const MAX_COMMENT_LENGTH = 2000;

export class FeedbackService {
  constructor(
    private readonly feedback: FeedbackRepository,
    private readonly generations: GenerationRepository,
    private readonly knowledge: KnowledgeRepository,
    private readonly now: () => Date,
  ) {}

  async give(actor: { tenantId: string; userId: string }, generationId: string, action: FeedbackActionValue, comment?: string | null): Promise<FeedbackRow> {
    if (comment && comment.length > MAX_COMMENT_LENGTH) throw new GenerationInputError(`comment must be at most ${MAX_COMMENT_LENGTH} characters`, 'comment');
    const generation = await this.generations.byId(actor.tenantId, generationId);
    if (!generation) throw new GenerationNotFoundError(generationId);
    if (generation.status !== 'succeeded') throw new GenerationStateError(`generation ${generationId} is ${generation.status.toUpperCase()}; only a SUCCEEDED generation takes feedback`);
    const row = await this.feedback.insert({ tenantId: actor.tenantId, generationId, action, comment: comment ?? null, givenBy: actor.userId, createdAt: this.now() });
    await this.knowledge.recordOutcome(actor.tenantId, generationId, action !== 'rejected');
    return row;
  }

  /** Listens for launched cases: the first case of an imported generation's specification is its DEPLOYED. */
  watchLaunches(bus: EventBus, logger: Logger): Promise<Subscription> {
    return bus.subscribe({
      groupId: 'ai-feedback',
      topic: CASE_EVENTS_TOPIC,
      // A new group starts at the topic's end: only cases launched after an import can count, and the
      // case-event log of every tenant is no backlog to read first (a started group resumes where it
      // committed, so a restart loses nothing).
      from: 'latest',
      handler: async (envelope) => {
        if (envelope.type !== CaseEventType.started) return;
        const specificationId = (envelope.data as { specificationId?: unknown }).specificationId;
        if (typeof specificationId !== 'string') return;
        const generationId = await this.feedback.implicitDeployment(envelope.tenantId, specificationId, new Date(envelope.occurredAt));
        if (!generationId) return;
        await this.knowledge.recordOutcome(envelope.tenantId, generationId, true);
        logger.debug({ generationId, specificationId }, 'case launched from a generated workflow: counted as deployed');
      },
    });
  }
}
