import { execute, observeEvaluations, type CaseState, type Command, type EngineResult, type Specification } from '@flowgraph/yawl';
import { systemOffers } from '../domain/resourcing.js';

/** A specification version's model under the key it is cached by (its row id: a model never changes for it). */
export interface KeyedModel {
  id: string;
  model: Specification;
}

/** Runs `command`, then the system offers for whatever it enabled, as one transition. Pure. */
export function decide(state: CaseState | undefined, command: Command, spec: Specification): EngineResult {
  let result = execute(state, command, spec);
  if (!result.ok) return result;
  const events = [...result.events];
  for (const offer of systemOffers(spec, result.state, result.events, command.now)) {
    const offered = execute(result.state, offer, spec);
    if (!offered.ok) return offered;
    events.push(...offered.events);
    result = { ok: true, state: offered.state, events };
  }
  return { ...result, events };
}

/** Thrown from the evaluation observer to stop a calling-thread attempt at the first tenant expression. */
class NeedsEvaluation extends Error {}
const NEEDS_EVALUATION = new NeedsEvaluation('the command evaluates a tenant expression');

/**
 * `decide` on the calling thread for a command that evaluates no tenant expression (no predicate,
 * mapping, MI query or timer expression on its path), else undefined, with nothing evaluated:
 * the engine announces every expression before evaluating it (observeEvaluations), and the
 * announcement aborts this attempt. The engine is pure, so the abandoned attempt leaves nothing
 * behind; the caller runs the command on an evaluation worker instead. Bounded without a worker:
 * what runs here is the engine's own code over the case state, as any read of the case is.
 */
export function decideWithoutExpressions(state: CaseState | undefined, command: Command, spec: Specification): EngineResult | undefined {
  observeEvaluations(() => {
    throw NEEDS_EVALUATION;
  });
  try {
    return decide(state, command, spec);
  } catch (error) {
    if (error === NEEDS_EVALUATION) return undefined;
    throw error;
  } finally {
    observeEvaluations(undefined);
  }
}

/** The right to run engine commands for one tenant, held from before a command's transaction opens until it ends. */
export interface EngineLease {
  /** The engine's decision; rejects with EvaluationBudgetExceeded when it ran over its budget. */
  decide(spec: KeyedModel, state: CaseState | undefined, command: Command): Promise<EngineResult>;
  release(): void;
}

/**
 * Where engine commands run. Leased per tenant before the command's database transaction opens,
 * so commands waiting for the engine hold no connection, and a scheduler can be fair between
 * tenants (EvaluationPool).
 */
export interface EngineRunner {
  lease(tenantId: string): Promise<EngineLease>;
  close(): Promise<void>;
}

/**
 * The engine on the calling thread, with no budget: for tests of the transaction logic and for
 * the bench's in-memory baseline. A served instance uses EvaluationPool, since tenant expressions
 * on this thread could hold every tenant's requests.
 */
export function inlineEngine(): EngineRunner {
  const lease: EngineLease = {
    decide: async (spec, state, command) => decide(state, command, spec.model),
    release: () => undefined,
  };
  return { lease: async () => lease, close: async () => undefined };
}
