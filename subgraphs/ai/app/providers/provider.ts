/**
 * What drafting needs from a provider, whichever it is: the deterministic planner (offline, the
 * default) or a chat-completions model. A provider only drafts; verification and the repair loop
 * are the generation service's, so every provider's output is held to the same checks.
 */
import type { DraftIssue } from '../../domain/specification-check.js';

export interface SimilarContext {
  title: string;
  intent: string;
  patterns: readonly string[];
}

export interface DraftRequest {
  intent: string;
  hints: { name?: string; defaultRole?: string };
  /** metaData/identifier the draft must carry. */
  identifier: string;
  similar: readonly SimilarContext[];
  /** Set for a repair round: the draft that failed and what verification found. */
  repair?: { xml: string; issues: readonly DraftIssue[] };
  signal: AbortSignal;
}

export type DraftOutcome = { ok: true; xml: string; patterns?: string[] } | { ok: false; issue: DraftIssue };

export interface DraftProvider {
  /** Shown as WorkflowGeneration.provider and part of the cache key. */
  readonly name: string;
  draft(request: DraftRequest): Promise<DraftOutcome>;
}

export const providerIssue = (code: string, message: string): DraftIssue => ({ severity: 'error', elementId: 'specificationSet', code, message });
