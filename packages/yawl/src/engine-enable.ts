/**
 * Enabling and firing, and the engine's "continue if possible" loop (`settle`), run after every
 * command until nothing changes:
 *  - a net instance whose output condition is marked completes (the case, or its composite task);
 *  - every task whose join is satisfied and that has no live item gets an `enabled` item; an
 *    empty task (no decomposition) instead fires and completes at once, as in YAWL; a composite
 *    task or a multiple-instance task is fired by the engine itself as soon as it is enabled (as
 *    YNetRunner fires composite tasks, and as YAWL keeps MI parents to itself): its item starts
 *    with nobody as participant, and only the subnet's tasks or the MI instances reach people;
 *  - an item that has not started and whose join is no longer satisfied (another item took the
 *    tokens, e.g. the other branch of a deferred choice, or a cancellation set emptied them) is
 *    withdrawn.
 * Tokens stay in the conditions until an item starts, so competing items can all be offered and
 * the first to start wins (WCP-16). A task has at most one live item per net instance at a time
 * (as in YAWL, a busy task is not enabled again); tokens that arrive meanwhile enable it again
 * once it completes, which is how multi-merge (WCP-8) plays out.
 */
import { EngineError, isLive, isPreStart, type NetInstance, type WorkItem, type WorkItemKind } from './engine-types.js';
import { busyTaskIds, emit, getNet, itemFields, liveItemsOf, netIndexOf, nextItemId, type EngineContext } from './engine-context.js';
import { cancelItem, cancelNetInstance, completeComposite, exitTask, netOutput } from './engine-complete.js';
import { isJoinSatisfied, removeToken, tokens, tokensToConsume } from './marking.js';
import { timerExpiryAt } from './engine-timer.js';
import { startMultiple } from './engine-mi.js';
import { buildTaskInput, initialNetData } from './evaluator.js';
import type { NetDecomposition, Task } from './model.js';

/** Enough for any real net; more steps without rest means an empty-task cycle (a livelock). */
const MAX_SETTLE_STEPS = 10_000;

export function itemKindOf(ctx: EngineContext, task: Task): WorkItemKind | 'empty' {
  if (!task.decomposesTo) return 'empty';
  const decomposition = ctx.spec.decompositions[task.decomposesTo];
  if (!decomposition) throw new EngineError('INVALID_SPECIFICATION', `Task ${task.id} decomposes to unknown ${task.decomposesTo}`);
  if (decomposition.kind === 'net') {
    // Verification refuses MI composite tasks; running one as a single subnet would be wrong.
    if (task.multiInstance) throw new EngineError('INVALID_SPECIFICATION', `Task ${task.id} is a multiple-instance composite task, which is not supported`);
    return 'composite';
  }
  return task.multiInstance ? 'multiple' : 'atomic';
}

/** Consumes the tokens the task's join takes (at start, or when an empty task fires). */
export function consumeTokens(ctx: EngineContext, instance: NetInstance, task: Task): void {
  const index = netIndexOf(ctx, instance);
  if (!isJoinSatisfied(index, task, instance.marking, busyTaskIds(ctx, instance.id))) {
    throw new EngineError('INVALID_TRANSITION', `Task ${task.id} is no longer enabled`);
  }
  for (const conditionId of tokensToConsume(index, task, instance.marking)) removeToken(instance.marking, conditionId);
}

export function settle(ctx: EngineContext): void {
  for (let step = 0; step < MAX_SETTLE_STEPS; step++) {
    if (ctx.state.status !== 'running') return;
    if (!settleStep(ctx)) {
      detectDeadlock(ctx);
      return;
    }
  }
  throw new EngineError('LIVELOCK', `Case ${ctx.state.caseId} did not come to rest after ${MAX_SETTLE_STEPS} steps (a cycle of empty tasks?)`);
}

/** One change, if any is due; false when the case is at rest. */
function settleStep(ctx: EngineContext): boolean {
  for (const instance of Object.values(ctx.state.netInstances)) {
    if (instance.status !== 'running') continue;
    const net = getNet(ctx.spec, instance.netId);
    if (tokens(instance.marking, net.outputConditionId) > 0) {
      completeNetInstance(ctx, instance);
      return true;
    }
    if (reconcileNet(ctx, instance)) return true;
  }
  return false;
}

function reconcileNet(ctx: EngineContext, instance: NetInstance): boolean {
  const index = netIndexOf(ctx, instance);
  const busy = busyTaskIds(ctx, instance.id);
  const live = liveItemsOf(ctx, instance.id).filter((item) => item.kind !== 'instance');
  let changed = false;
  for (const task of index.tasks) {
    const existing = live.find((item) => item.taskId === task.id);
    if (existing && !isPreStart(existing)) continue;
    const enabled = isJoinSatisfied(index, task, instance.marking, busy);
    if (existing && !enabled) {
      cancelItem(ctx, existing, 'withdrawn', 'tokens-taken');
      changed = true;
    } else if (existing && enabled && firedByEngine(existing.kind) && existing.status !== 'suspended') {
      // A case stored before the engine fired these itself holds one still waiting for a person.
      fireByEngine(ctx, instance, task, existing);
      return true;
    } else if (!existing && enabled) {
      const kind = itemKindOf(ctx, task);
      if (kind === 'empty') {
        // Firing changes the marking other tasks were judged on: restart from a fresh look.
        consumeTokens(ctx, instance, task);
        exitTask(ctx, instance, task);
        return true;
      }
      const item = createEnabledItem(ctx, instance, task, kind);
      if (firedByEngine(kind)) {
        fireByEngine(ctx, instance, task, item);
        return true;
      }
      changed = true;
    }
  }
  return changed;
}

/** Items no person starts: a composite task's (its subnet's tasks are the work) and an MI parent (its instances are). */
export function firedByEngine(kind: WorkItemKind): boolean {
  return kind === 'composite' || kind === 'multiple';
}

/**
 * The engine starts a composite or MI item the moment it is enabled: it takes the tokens, its
 * OnExecuting timer begins, and the subnet starts with the mapped input, or the instances are
 * created. A failure there (MI bounds, a mapping) refuses the command that enabled the task.
 */
function fireByEngine(ctx: EngineContext, instance: NetInstance, task: Task, item: WorkItem): void {
  consumeTokens(ctx, instance, task);
  item.status = 'started';
  item.startedAt = ctx.now;
  const expiresAt = task.timer && timerExpiryAt(task.timer, 'OnExecuting', ctx.now, instance.data, task.id);
  if (expiresAt !== undefined) item.timerExpiresAt = expiresAt;
  if (item.kind === 'composite') {
    startComposite(ctx, item, instance, task);
    return;
  }
  emit(ctx, 'workitem.started', itemFields(item));
  startMultiple(ctx, item, instance, task);
}

/** Starts a composite task's child net instance, its data from the starting mappings. */
function startComposite(ctx: EngineContext, item: WorkItem, parentNet: NetInstance, task: Task): void {
  const net = ctx.spec.decompositions[task.decomposesTo ?? ''] as NetDecomposition;
  item.inputData = buildTaskInput(parentNet.data, net.id, task.startingMappings);
  emit(ctx, 'workitem.started', { ...itemFields(item), data: item.inputData });
  ctx.state.netInstances[item.id] = {
    id: item.id,
    netId: net.id,
    parentItemId: item.id,
    status: 'running',
    marking: { [net.inputConditionId]: 1 },
    data: initialNetData(net, item.inputData),
  };
}

function createEnabledItem(ctx: EngineContext, instance: NetInstance, task: Task, kind: WorkItemKind): WorkItem {
  const item: WorkItem = {
    id: nextItemId(ctx, task.id),
    caseId: ctx.state.caseId,
    netInstanceId: instance.id,
    taskId: task.id,
    kind,
    status: 'enabled',
    enabledAt: ctx.now,
  };
  const expiresAt = task.timer && timerExpiryAt(task.timer, 'OnEnabled', ctx.now, instance.data, task.id);
  if (expiresAt !== undefined) item.timerExpiresAt = expiresAt;
  ctx.state.workItems[item.id] = item;
  emit(ctx, 'workitem.enabled', itemFields(item));
  return item;
}

/**
 * The output condition is marked: the net is done. Items still live in it are cancelled (YAWL
 * does the same). The root net completes the case; a child net completes its composite task.
 */
function completeNetInstance(ctx: EngineContext, instance: NetInstance): void {
  if (instance.parentItemId) {
    const parent = ctx.state.workItems[instance.parentItemId];
    if (!parent) throw new EngineError('INVALID_SPECIFICATION', `Net instance ${instance.id} lost its composite item`);
    completeComposite(ctx, parent);
    return;
  }
  const output = netOutput(ctx, instance);
  for (const item of liveItemsOf(ctx, instance.id)) cancelItem(ctx, item, 'cancelled', 'case-completed');
  for (const other of Object.values(ctx.state.netInstances)) {
    if (other.status === 'running' && other.id !== instance.id) cancelNetInstance(ctx, other, 'case-completed');
  }
  instance.status = 'completed';
  ctx.state.status = 'completed';
  ctx.state.endedAt = ctx.now;
  ctx.state.outputData = output;
  emit(ctx, 'case.completed', { netInstanceId: instance.id, data: output });
}

/**
 * At rest with the output condition unmarked: if no item anyone can act on remains (no live
 * atomic item or MI instance, no item waiting to start, no timer pending; composite and MI items,
 * which the engine started, only wait on others), the case can never finish.
 */
function detectDeadlock(ctx: EngineContext): void {
  const actionable = Object.values(ctx.state.workItems).some(
    (item) =>
      isLive(item) &&
      (item.kind === 'atomic' || item.kind === 'instance' || isPreStart(item) || item.timerExpiresAt !== undefined),
  );
  if (actionable) return;
  const markedConditions = Object.values(ctx.state.netInstances)
    .filter((instance) => instance.status === 'running')
    .flatMap((instance) => Object.keys(instance.marking).map((conditionId) => `${instance.id}/${conditionId}`));
  ctx.state.status = 'deadlocked';
  ctx.state.endedAt = ctx.now;
  emit(ctx, 'case.deadlocked', { markedConditions });
}
