import { patternsOf } from '../../domain/planner/plan.js';
import { planIntent } from '../../domain/planner/planner.js';
import { writeYawl } from '../../domain/yawl-writer.js';
import { providerIssue, type DraftOutcome, type DraftProvider, type DraftRequest } from './provider.js';

/**
 * The default provider: the deterministic planner and YAWL writer, no network, no keys. It cannot
 * do better on a repair than its first draft, so a repair returns the same draft and the service
 * stops there.
 */
export class PlannerProvider implements DraftProvider {
  readonly name = 'planner';

  draft(request: DraftRequest): Promise<DraftOutcome> {
    const planned = planIntent(request.intent, request.hints);
    if (!planned.ok) return Promise.resolve({ ok: false, issue: providerIssue('INTENT_UNSUPPORTED', planned.reason) });
    const xml = writeYawl(planned.plan, { identifier: request.identifier, description: request.intent });
    return Promise.resolve({ ok: true, xml, patterns: patternsOf(planned.plan) });
  }
}
