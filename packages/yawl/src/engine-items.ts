/**
 * The work item lifecycle: enabled → offered → allocated → started → completed, with suspend /
 * resume, skip, cancel and timer expiry. Each handler checks the transition is allowed (else an
 * `INVALID_TRANSITION` error, and the entry point discards the half-changed copy of the state).
 * `settle` runs after every handler, in the entry point.
 */
import { EngineError, isLive, isPreStart, type WorkItem, type WorkItemStatus } from './engine-types.js';
import { emit, getItem, getNetInstance, getTask, invalid, itemFields, type EngineContext } from './engine-context.js';
import { applyTaskOutput, cancelItem, completeComposite, exitTask, outputFromInput } from './engine-complete.js';
import { consumeTokens, firedByEngine } from './engine-enable.js';
import { exitMultiple, instanceEnded } from './engine-mi.js';
import { parseInstant, timerExpiryAt } from './engine-timer.js';
import { buildTaskInput } from './evaluator.js';
import type { Variable } from './model.js';

function requireStatus(item: WorkItem, allowed: readonly WorkItemStatus[], action: string): void {
  if (!allowed.includes(item.status)) throw invalid(item, action);
}

export function offerItem(ctx: EngineContext, workItemId: string, roles?: string[], participants?: string[]): void {
  const item = getItem(ctx, workItemId);
  requireStatus(item, ['enabled', 'offered'], 'offer');
  const offer = getTask(ctx, item).resourcing?.offer;
  item.offeredTo = { roles: roles ?? offer?.roles ?? [], participants: participants ?? offer?.participants ?? [] };
  item.status = 'offered';
  emit(ctx, 'workitem.offered', { ...itemFields(item), roles: item.offeredTo.roles, participants: item.offeredTo.participants });
}

export function allocateItem(ctx: EngineContext, workItemId: string, participant: string): void {
  const item = getItem(ctx, workItemId);
  requireStatus(item, ['enabled', 'offered'], 'allocate');
  item.status = 'allocated';
  item.allocatedTo = participant;
  emit(ctx, 'workitem.allocated', { ...itemFields(item), participant });
}

export function startItem(ctx: EngineContext, workItemId: string, participant?: string): void {
  const item = getItem(ctx, workItemId);
  requireStatus(item, ['enabled', 'offered', 'allocated'], 'start');
  const startedBy = participant ?? item.allocatedTo;
  if (firedByEngine(item.kind)) {
    throw new EngineError('INVALID_TRANSITION', `Work item ${item.id} is started by the engine, not by a person: ${item.kind === 'composite' ? 'its subnet\'s' : 'its instances\''} items are the work`);
  }
  if (item.kind === 'instance') {
    markStarted(ctx, item, startedBy);
    emit(ctx, 'workitem.started', { ...itemFields(item), participant: item.startedBy });
    return;
  }
  const instance = getNetInstance(ctx, item.netInstanceId);
  const task = getTask(ctx, item);
  // Tokens first, while the item still counts as not started (the OR-join analysis ignores it).
  consumeTokens(ctx, instance, task);
  markStarted(ctx, item, startedBy);
  // OnEnabled timers keep running after the start; OnExecuting ones begin now.
  const expiresAt = task.timer && timerExpiryAt(task.timer, 'OnExecuting', ctx.now, instance.data, task.id);
  if (expiresAt !== undefined) item.timerExpiresAt = expiresAt;
  item.inputData = buildTaskInput(instance.data, task.decomposesTo ?? task.id, task.startingMappings);
  emit(ctx, 'workitem.started', { ...itemFields(item), participant: item.startedBy, data: item.inputData });
}

function markStarted(ctx: EngineContext, item: WorkItem, startedBy: string | undefined): void {
  item.status = 'started';
  item.startedAt = ctx.now;
  if (startedBy !== undefined) item.startedBy = startedBy;
}

export function completeItem(ctx: EngineContext, workItemId: string, output?: string): void {
  const item = getItem(ctx, workItemId);
  requireStatus(item, ['started'], 'complete');
  if (item.kind === 'composite' || item.kind === 'multiple') {
    throw new EngineError('INVALID_TRANSITION', `Work item ${item.id} completes when its ${item.kind === 'composite' ? 'subnet' : 'instances'} complete`);
  }
  finishAtomic(ctx, item, output);
}

/** Completes a started atomic item or MI instance with its output document. */
function finishAtomic(ctx: EngineContext, item: WorkItem, output: string | undefined): void {
  const task = getTask(ctx, item);
  const document = output ?? `<${task.decomposesTo ?? task.id}/>`;
  if (item.kind === 'instance') {
    item.outputData = document;
    markDone(ctx, item, 'completed');
    instanceEnded(ctx, item);
    return;
  }
  const instance = getNetInstance(ctx, item.netInstanceId);
  item.outputData = applyTaskOutput(ctx, instance, task, document);
  markDone(ctx, item, 'completed');
  exitTask(ctx, instance, task);
}

function markDone(ctx: EngineContext, item: WorkItem, status: 'completed' | 'skipped'): void {
  item.status = status;
  item.completedAt = ctx.now;
  delete item.timerExpiresAt;
  delete item.suspendedFrom;
  emit(ctx, status === 'completed' ? 'workitem.completed' : 'workitem.skipped', { ...itemFields(item), data: item.outputData });
}

export function suspendItem(ctx: EngineContext, workItemId: string): void {
  const item = getItem(ctx, workItemId);
  requireStatus(item, ['enabled', 'offered', 'allocated', 'started'], 'suspend');
  item.suspendedFrom = item.status;
  item.status = 'suspended';
  emit(ctx, 'workitem.suspended', itemFields(item));
}

export function resumeItem(ctx: EngineContext, workItemId: string): void {
  const item = getItem(ctx, workItemId);
  requireStatus(item, ['suspended'], 'resume');
  item.status = item.suspendedFrom ?? 'enabled';
  delete item.suspendedFrom;
  emit(ctx, 'workitem.resumed', itemFields(item));
}

/**
 * Skips an item that has not started. YAWL's YEngine.skipWorkItem starts the item and completes
 * it with its own data, so the task's input (built as a start would) becomes its output and the
 * completed mappings run: a skipped task can still set net variables, e.g. a timeout flag.
 * The item records no start: `workitem.skipped` is its one event, carrying that output.
 */
export function skipItem(ctx: EngineContext, workItemId: string): void {
  const item = getItem(ctx, workItemId);
  requireStatus(item, ['enabled', 'offered', 'allocated'], 'skip');
  const output = skipOutput(ctx, item);
  if (output?.ok === false) {
    // YAWL's own refusal: there is no value to give an output-only parameter that has no default.
    const { name, type } = output.parameter;
    throw new EngineError('INVALID_TRANSITION', `Cannot skip work item ${item.id}: output-only parameter ${name} (type ${type}) needs a default value`);
  }
  skip(ctx, item, output);
}

type SkipOutput = { ok: true; input: string; output: string } | { ok: false; parameter: Variable };

/**
 * What skipping the item would produce. MI items end with no data: YAWL's own skip of an MI task
 * only completes the instance it started and fails on the others, so there is nothing to follow.
 */
function skipOutput(ctx: EngineContext, item: WorkItem): SkipOutput | undefined {
  if (item.kind === 'instance' || item.kind === 'multiple') return undefined;
  const task = getTask(ctx, item);
  const input = buildTaskInput(getNetInstance(ctx, item.netInstanceId).data, task.decomposesTo ?? task.id, task.startingMappings);
  const result = outputFromInput(ctx, task, input);
  return result.ok ? { ok: true, input, output: result.output } : result;
}

function skip(ctx: EngineContext, item: WorkItem, data: Extract<SkipOutput, { ok: true }> | undefined): void {
  if (item.kind === 'instance') {
    markDone(ctx, item, 'skipped');
    instanceEnded(ctx, item);
    return;
  }
  const instance = getNetInstance(ctx, item.netInstanceId);
  const task = getTask(ctx, item);
  consumeTokens(ctx, instance, task);
  if (data) {
    item.inputData = data.input;
    item.outputData = applyTaskOutput(ctx, instance, task, data.output);
  }
  markDone(ctx, item, 'skipped');
  exitTask(ctx, instance, task);
}

/**
 * Cancels a live item. An item not yet started takes its tokens first, so the task is not simply
 * enabled again; a started one already holds them. Either way nothing flows on: the branch ends
 * here (which can deadlock the case, as in YAWL).
 */
export function cancelWorkItem(ctx: EngineContext, workItemId: string): void {
  const item = getItem(ctx, workItemId);
  if (!isLive(item)) throw invalid(item, 'cancel');
  if (item.kind !== 'instance' && isPreStart(item)) consumeTokens(ctx, getNetInstance(ctx, item.netInstanceId), getTask(ctx, item));
  cancelItem(ctx, item, 'cancelled', 'cancelled-by-command');
  if (item.kind === 'instance') instanceEnded(ctx, item);
}

/**
 * A timer went off (`now` at or after the item's expiry). YAWL's behaviour: an item not yet
 * started is skipped; a started one is force-completed with the data it has (an atomic item's
 * input document made into output as for a skip; a composite task with its subnet's current
 * output; an MI task with the instances completed so far). When that output cannot be made (an
 * output-only parameter with no default), YAWL swallows the failure: the timer is spent and the
 * item stays as it was, which the event says by carrying no outcome.
 */
export function timerExpired(ctx: EngineContext, workItemId: string): void {
  const item = getItem(ctx, workItemId);
  if (!isLive(item) || item.timerExpiresAt === undefined) throw new EngineError('INVALID_TRANSITION', `Work item ${item.id} has no running timer`);
  if (parseInstant(ctx.now) < parseInstant(item.timerExpiresAt)) {
    throw new EngineError('TIMER_NOT_DUE', `The timer of ${item.id} expires at ${item.timerExpiresAt}, not yet at ${ctx.now}`);
  }
  delete item.timerExpiresAt;
  if (isPreStart(item)) {
    const output = skipOutput(ctx, item);
    emit(ctx, 'workitem.timer-expired', { ...itemFields(item), outcome: output?.ok === false ? undefined : 'skipped' });
    if (output?.ok !== false) skip(ctx, item, output);
    return;
  }
  const forced = item.kind === 'atomic' || item.kind === 'instance' ? forcedOutput(ctx, item) : undefined;
  emit(ctx, 'workitem.timer-expired', { ...itemFields(item), outcome: forced?.ok === false ? undefined : 'force-completed' });
  if (forced?.ok === false) return;
  if (item.status === 'suspended') item.status = item.suspendedFrom ?? 'started';
  delete item.suspendedFrom;
  if (item.kind === 'composite') completeComposite(ctx, item);
  else if (item.kind === 'multiple') exitMultiple(ctx, item);
  else finishAtomic(ctx, item, forced?.output);
}

function forcedOutput(ctx: EngineContext, item: WorkItem): ReturnType<typeof outputFromInput> {
  const task = getTask(ctx, item);
  return outputFromInput(ctx, task, item.inputData ?? `<${task.decomposesTo ?? task.id}/>`);
}
