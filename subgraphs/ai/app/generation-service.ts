/**
 * Generations: accepted at once, worked on in the background. Each moves through RETRIEVING
 * (similar workflows from the knowledge base), DRAFTING (the provider), VERIFYING (schema +
 * verifier) and, while errors remain and rounds are left, REPAIRING (the issues go back to the
 * provider), to SUCCEEDED or FAILED. Every status change is written, then announced on the feed.
 * A result is only ever XML that verified; a success is cached for 24 h per tenant, added to the
 * knowledge base, and published as ai.workflow.generated through the outbox.
 */
import { randomUUID } from 'node:crypto';
import { createEnvelope, type Logger } from '@flowgraph/shared';
import { patternsOfSpecification } from '@flowgraph/yawl';
import { AI_EVENTS_TOPIC, AiEventType } from '@flowgraph/shared/events/ai-events';
import { checkGeneratedDraft, withIdentifier, type DraftIssue } from '../domain/specification-check.js';
import { MAX_INTENT_LENGTH } from '../domain/planner/planner.js';
import type { GenerationChange, GenerationRepository } from '../data/generation-repository.js';
import type { KnowledgeRepository } from '../data/knowledge-repository.js';
import type { GenerationRow, StoredHints, StoredIssue } from '../data/schema.js';
import { GenerationInputError, GenerationLimitError } from './errors.js';
import { generationCacheKey, type GenerationCache } from './generation-cache.js';
import type { GenerationFeed } from './generation-feed.js';
import type { DraftProvider } from './providers/provider.js';
import { similarWorkflows } from './similar-workflows.js';


export interface GenerationSettings {
  /** Repair rounds after the first draft. */
  repairRounds: number;
  /** Generations a tenant may have at work at once. */
  maxActivePerTenant: number;
  /** Whole-generation deadline; drafting is aborted after it. */
  timeoutMs: number;
  similarLimit: number;
}


const ROLE = /^[a-z][a-z0-9-]{0,39}$/;

export interface GenerationDeps {
  generations: GenerationRepository;
  knowledge: KnowledgeRepository;
  cache: GenerationCache;
  feed: GenerationFeed;
  provider: DraftProvider;
  settings: GenerationSettings;
  logger: Logger;
  now: () => Date;
  /** Called after an outbox write committed, to publish without waiting for the poll. */
  notifyOutbox: () => void;
}

const sentence = (issue: StoredIssue): string => `${issue.elementId}: ${issue.message} (${issue.code})`;
const identifierOf = (generationId: string): string => `UID_${generationId}`;

export class GenerationService {
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly deps: GenerationDeps) {}

  /** Validates, records a PENDING generation and starts its work; resolves to the row at once. */
  async start(actor: { tenantId: string; userId: string }, input: { intent: string; hints?: StoredHints | null }): Promise<GenerationRow> {
    const intent = input.intent.trim();
    if (intent.length === 0) throw new GenerationInputError('intent must not be empty', 'intent');
    if (intent.length > MAX_INTENT_LENGTH) throw new GenerationInputError(`intent must be at most ${MAX_INTENT_LENGTH} characters, got ${intent.length}`, 'intent');
    const hints = this.checkHints(input.hints ?? {});
    const now = this.deps.now();
    const row = await this.deps.generations.insertWithinLimit(
      {
        id: randomUUID(),
        tenantId: actor.tenantId,
        requestedBy: actor.userId,
        intent,
        hints,
        status: 'pending',
        provider: this.deps.provider.name,
        cacheKey: generationCacheKey(intent, hints, this.deps.provider.name),
        createdAt: now,
        updatedAt: now,
      },
      this.deps.settings.maxActivePerTenant,
      now,
    );
    if (!row) throw new GenerationLimitError(`at most ${this.deps.settings.maxActivePerTenant} generations may run at once per tenant; wait for one to finish`);
    const work = this.run(row)
      .catch(async (error: unknown) => {
        this.deps.logger.error({ err: error, generationId: row.id }, 'generation failed unexpectedly');
        await this.finish(row, { status: 'failed', issues: [{ severity: 'error', elementId: 'specificationSet', code: 'INTERNAL', message: 'the generation failed unexpectedly' }] }).catch(() => undefined);
      })
      .finally(() => this.running.delete(row.id));
    this.running.set(row.id, work);
    return row;
  }

  /** Resolves once every generation this instance started has ended (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /** Fails generations an instance left unfinished (it stopped mid-way), and tells their subscribers. */
  async sweepInterrupted(): Promise<number> {
    const failed = await this.deps.generations.failStale(this.deps.now());
    for (const { tenantId, id } of failed) await this.deps.feed.announce(tenantId, id);
    return failed.length;
  }

  /** Resolves once the generation `id`, started on this instance, has ended (the bench). */
  settled(id: string): Promise<void> {
    return this.running.get(id) ?? Promise.resolve();
  }

  private checkHints(hints: StoredHints): StoredHints {
    const checked: StoredHints = {};
    if (hints.name !== undefined && hints.name !== null) {
      const name = hints.name.trim();
      if (name.length === 0 || name.length > 100) throw new GenerationInputError('hints.name must be 1 to 100 characters', 'hints.name');
      checked.name = name;
    }
    if (hints.defaultRole !== undefined && hints.defaultRole !== null) {
      if (!ROLE.test(hints.defaultRole)) throw new GenerationInputError('hints.defaultRole must be a role name: lower-case letters, digits and dashes, at most 40', 'hints.defaultRole');
      checked.defaultRole = hints.defaultRole;
    }
    return checked;
  }

  private async step(row: GenerationRow, change: GenerationChange): Promise<void> {
    if (!(await this.deps.generations.advance(row.tenantId, row.id, change, this.deps.now()))) return;
    await this.deps.feed.announce(row.tenantId, row.id);
  }

  private async finish(row: GenerationRow, change: GenerationChange & { status: 'succeeded' | 'failed' }): Promise<void> {
    const issues = change.issues ?? [];
    const problems = issues.map(sentence);
    const events =
      change.status === 'succeeded'
        ? {
            topic: AI_EVENTS_TOPIC,
            envelopes: [
              createEnvelope({
                type: AiEventType.generated,
                source: 'ai',
                tenantId: row.tenantId,
                key: row.id,
                data: { generationId: row.id, requestedBy: row.requestedBy, cached: change.cached ?? false, provider: row.provider, patterns: change.patterns ?? [] },
              }),
            ],
          }
        : undefined;
    const written = await this.deps.generations.advance(row.tenantId, row.id, { ...change, problems }, this.deps.now(), events);
    if (!written) return;
    if (events) this.deps.notifyOutbox();
    await this.deps.feed.announce(row.tenantId, row.id);
  }

  private async run(row: GenerationRow): Promise<void> {
    const { cache, knowledge, provider, settings } = this.deps;
    const identifier = identifierOf(row.id);
    const hit = row.cacheKey ? await cache.get(row.tenantId, row.cacheKey) : undefined;
    if (hit) {
      const xml = hit.xml.split(hit.identifier).join(identifier);
      return this.finish(row, { status: 'succeeded', cached: true, specificationXml: xml, patterns: hit.patterns, similar: hit.similar, rounds: hit.rounds, issues: [] });
    }
    await this.step(row, { status: 'retrieving' });
    const similar = await similarWorkflows(knowledge, row.tenantId, row.intent, settings.similarLimit);
    await this.step(row, { status: 'drafting', similar });
    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(new Error('generation timed out')), settings.timeoutMs);
    try {
      const rounds: StoredIssue[][] = [];
      let repair: { xml: string; issues: DraftIssue[] } | undefined;
      for (let round = 1; round <= 1 + settings.repairRounds; round++) {
        const outcome = await provider.draft({ intent: row.intent, hints: row.hints, identifier, similar, signal: controller.signal, ...(repair ? { repair } : {}) });
        if (!outcome.ok) return await this.finish(row, { status: 'failed', rounds, issues: [outcome.issue] });
        if (repair && outcome.xml === repair.xml) {
          return await this.finish(row, { status: 'failed', rounds, issues: [...repair.issues, { severity: 'error', elementId: 'specificationSet', code: 'REPAIR_UNCHANGED', message: `${provider.name} returned the same draft again` }] });
        }
        await this.step(row, { status: 'verifying', rounds });
        // The generation's own identifier, so a cached copy and an import are this generation's.
        const xml = withIdentifier(outcome.xml, identifier);
        const verdict = await checkGeneratedDraft(xml, identifier);
        rounds.push(verdict.ok ? [] : verdict.issues);
        if (verdict.ok) {
          const patterns = outcome.patterns ?? patternsOfSpecification(verdict.specification);
          const title = verdict.specification.meta.title ?? verdict.specification.uri;
          await knowledge.addGenerated({ tenantId: row.tenantId, generationId: row.id, title, intent: row.intent, patterns });
          if (row.cacheKey) await cache.set(row.tenantId, row.cacheKey, { xml, identifier, patterns, similar, rounds });
          return await this.finish(row, { status: 'succeeded', specificationXml: xml, patterns, rounds, issues: [] });
        }
        if (round > settings.repairRounds) return await this.finish(row, { status: 'failed', rounds, issues: verdict.issues });
        repair = { xml: outcome.xml, issues: verdict.issues };
        await this.step(row, { status: 'repairing', rounds });
      }
    } finally {
      clearTimeout(deadline);
    }
  }
}
