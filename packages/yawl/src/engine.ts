/**
 * The YAWL engine: a pure function `execute(state, command, spec) → { state, events }`.
 *
 * No I/O, no clock, no randomness: time comes in the command (`now`) and ids follow a fixed
 * scheme (see engine-types.ts), so replaying the same commands gives the same states and events.
 * The input state is never mutated: the engine works on a deep copy and returns it only on
 * success; on any error the result carries the untouched input state and a typed error.
 * Data is not validated against the schema here; the caller does that before launching.
 */
import type { Specification } from './model.js';
import { EngineError, isLive, type CaseState, type Command, type EngineResult } from './engine-types.js';
import { emit, getItem, getNet, type EngineContext } from './engine-context.js';
import { cancelItem, cancelNetInstance } from './engine-complete.js';
import { settle } from './engine-enable.js';
import { allocateItem, cancelWorkItem, completeItem, offerItem, resumeItem, skipItem, startItem, suspendItem, timerExpired } from './engine-items.js';
import { addInstance } from './engine-mi.js';
import { EvaluationError, initialNetData } from './evaluator.js';

export function execute(state: CaseState | undefined, command: Command, spec: Specification): EngineResult {
  try {
    const ctx = command.type === 'launchCase' ? launch(state, command, spec) : { state: requireCase(state, command), spec, now: command.now, events: [] };
    if (command.type !== 'launchCase') apply(ctx, command);
    settle(ctx);
    ctx.state.updatedAt = command.now;
    return { ok: true, state: ctx.state, events: ctx.events };
  } catch (error) {
    if (error instanceof EngineError) return { ok: false, error: { code: error.code, message: error.message }, state };
    if (error instanceof EvaluationError) return { ok: false, error: { code: 'EVALUATION_ERROR', message: error.message }, state };
    throw error;
  }
}

function requireCase(state: CaseState | undefined, command: Command): CaseState {
  if (!state) throw new EngineError('CASE_NOT_FOUND', `Command ${command.type} needs a launched case`);
  const allowed = state.status === 'running' || (state.status === 'suspended' && (command.type === 'resumeCase' || command.type === 'cancelCase'));
  if (!allowed) throw new EngineError('CASE_NOT_RUNNING', `Case ${state.caseId} is ${state.status}: cannot ${command.type}`);
  // Deep copy: the caller's state stays untouched whatever happens below.
  return structuredClone(state);
}

function launch(state: CaseState | undefined, command: Extract<Command, { type: 'launchCase' }>, spec: Specification): EngineContext {
  if (state) throw new EngineError('CASE_ALREADY_LAUNCHED', `Case ${state.caseId} is already launched`);
  const net = getNet(spec, spec.rootNetId);
  const ctx: EngineContext = {
    spec,
    now: command.now,
    events: [],
    state: {
      caseId: command.caseId,
      specificationUri: spec.uri,
      specificationVersion: spec.meta.version,
      status: 'running',
      sequence: 0,
      nextItemNumber: 0,
      rootNetInstanceId: command.caseId,
      netInstances: {
        [command.caseId]: {
          id: command.caseId,
          netId: net.id,
          status: 'running',
          marking: { [net.inputConditionId]: 1 },
          data: initialNetData(net, command.input),
        },
      },
      workItems: {},
      startedAt: command.now,
      updatedAt: command.now,
    },
  };
  emit(ctx, 'case.started', { netInstanceId: command.caseId, data: ctx.state.netInstances[command.caseId]!.data });
  return ctx;
}

function apply(ctx: EngineContext, command: Exclude<Command, { type: 'launchCase' }>): void {
  switch (command.type) {
    case 'offerItem':
      return offerItem(ctx, command.workItemId, command.roles, command.participants);
    case 'allocateItem':
      return allocateItem(ctx, command.workItemId, command.participant);
    case 'startItem':
      return startItem(ctx, command.workItemId, command.participant);
    case 'completeItem':
      return completeItem(ctx, command.workItemId, command.output);
    case 'suspendItem':
      return suspendItem(ctx, command.workItemId);
    case 'resumeItem':
      return resumeItem(ctx, command.workItemId);
    case 'skipItem':
      return skipItem(ctx, command.workItemId);
    case 'cancelItem':
      return cancelWorkItem(ctx, command.workItemId);
    case 'timerExpired':
      return timerExpired(ctx, command.workItemId);
    case 'addInstance':
      return addInstance(ctx, getItem(ctx, command.workItemId), command.input);
    case 'suspendCase':
      ctx.state.status = 'suspended';
      return emit(ctx, 'case.suspended');
    case 'resumeCase':
      if (ctx.state.status !== 'suspended') throw new EngineError('INVALID_TRANSITION', `Case ${ctx.state.caseId} is not suspended`);
      ctx.state.status = 'running';
      return emit(ctx, 'case.resumed');
    case 'cancelCase':
      return cancelCase(ctx);
  }
}

function cancelCase(ctx: EngineContext): void {
  for (const item of Object.values(ctx.state.workItems)) if (isLive(item) && item.kind !== 'instance') cancelItem(ctx, item, 'cancelled', 'case-cancelled');
  for (const instance of Object.values(ctx.state.netInstances)) if (instance.status === 'running') cancelNetInstance(ctx, instance, 'case-cancelled');
  ctx.state.status = 'cancelled';
  ctx.state.endedAt = ctx.now;
  emit(ctx, 'case.cancelled');
}
