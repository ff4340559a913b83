/**
 * Multiple-instance tasks. The task's work item (`kind: 'multiple'`) is the parent: starting it
 * evaluates the MI bounds and splits the input into one `instance` item per element, each
 * enabled and then offered/allocated/started/completed on its own. The parent completes when
 * `threshold` instances have completed (the rest are cancelled) or when no instance is left
 * running; the completed instances' outputs are joined, in instance order, into the net variable. Instances run
 * atomic decompositions only: verification refuses an MI composite task (MI_COMPOSITE_UNSUPPORTED).
 */
import { EngineError, isLive, type NetInstance, type WorkItem } from './engine-types.js';
import { emit, getNetInstance, getTask, itemFields, taskDecomposition, type EngineContext } from './engine-context.js';
import { cancelItem, exitTask } from './engine-complete.js';
import { buildTaskInput, evaluateNumber, joinInstances, renameElement, setVariable, splitInstances, withOutputDefaults } from './evaluator.js';
import type { Task } from './model.js';

function requireMultiInstance(task: Task): NonNullable<Task['multiInstance']> {
  if (!task.multiInstance) throw new EngineError('INVALID_SPECIFICATION', `Task ${task.id} is not a multiple-instance task`);
  return task.multiInstance;
}

/** Starts an MI parent: evaluates bounds, splits the input, creates the instances. */
export function startMultiple(ctx: EngineContext, item: WorkItem, instance: NetInstance, task: Task): void {
  const mi = requireMultiInstance(task);
  const decompositionId = task.decomposesTo ?? task.id;
  const minimum = evaluateNumber(instance.data, mi.minimum);
  const maximum = evaluateNumber(instance.data, mi.maximum);
  const threshold = evaluateNumber(instance.data, mi.threshold);
  const dynamic = mi.creationMode === 'dynamic';
  const slices = splitInstances(instance.data, mi);
  if (slices.length < minimum || slices.length > maximum) {
    throw new EngineError('MI_BOUNDS', `Task ${task.id} split into ${slices.length} instances, outside [${minimum}, ${maximum}]`);
  }
  // The shared part of every instance's input: the starting mappings other than the split one.
  const shared = task.startingMappings.filter((mapping) => mapping.mapsTo !== mi.input.formalInputParam);
  item.inputData = buildTaskInput(instance.data, decompositionId, shared);
  item.multiInstance = { minimum, maximum, threshold, dynamic };
  item.instanceIds = [];
  for (const slice of slices) createInstance(ctx, item, slice);
  if (slices.length === 0) exitMultiple(ctx, item);
}

function createInstance(ctx: EngineContext, parent: WorkItem, slice: string): WorkItem {
  const ids = parent.instanceIds ?? (parent.instanceIds = []);
  const child: WorkItem = {
    id: `${parent.id}.${ids.length + 1}`,
    caseId: parent.caseId,
    netInstanceId: parent.netInstanceId,
    taskId: parent.taskId,
    kind: 'instance',
    status: 'enabled',
    parentId: parent.id,
    inputData: setVariable(parent.inputData ?? `<${parent.taskId}/>`, slice),
    enabledAt: ctx.now,
  };
  ids.push(child.id);
  ctx.state.workItems[child.id] = child;
  emit(ctx, 'workitem.enabled', itemFields(child));
  return child;
}

/** Dynamic MI: one more instance, while the parent runs and the maximum allows. */
export function addInstance(ctx: EngineContext, parent: WorkItem, input: string): void {
  const task = getTask(ctx, parent);
  const mi = requireMultiInstance(task);
  if (parent.kind !== 'multiple' || parent.status !== 'started' || !parent.multiInstance) {
    throw new EngineError('INVALID_TRANSITION', `Cannot add an instance to ${parent.id}: it is not a running multiple-instance item`);
  }
  if (!parent.multiInstance.dynamic) throw new EngineError('INVALID_TRANSITION', `Task ${task.id} creates its instances statically`);
  if ((parent.instanceIds ?? []).length >= parent.multiInstance.maximum) {
    throw new EngineError('MI_BOUNDS', `Task ${task.id} already has its maximum of ${parent.multiInstance.maximum} instances`);
  }
  createInstance(ctx, parent, renameElement(input, mi.input.formalInputParam));
}

/** An instance ended (completed or cancelled): the parent completes once its threshold is met. */
export function instanceEnded(ctx: EngineContext, instanceItem: WorkItem): void {
  const parent = instanceItem.parentId ? ctx.state.workItems[instanceItem.parentId] : undefined;
  if (!parent || parent.status !== 'started' || !parent.multiInstance) return;
  const instances = (parent.instanceIds ?? []).map((id) => ctx.state.workItems[id]).filter((child): child is WorkItem => child !== undefined);
  const completed = instances.filter((child) => child.status === 'completed').length;
  if (completed >= parent.multiInstance.threshold || !instances.some(isLive)) exitMultiple(ctx, parent);
}

/**
 * Completes the MI parent: cancels instances still running, joins the completed instances'
 * outputs into the net variable, and exits the task. Also used by a timer cutting it short.
 */
export function exitMultiple(ctx: EngineContext, parent: WorkItem): void {
  const netInstance = getNetInstance(ctx, parent.netInstanceId);
  const task = getTask(ctx, parent);
  const mi = requireMultiInstance(task);
  const instances = (parent.instanceIds ?? []).map((id) => ctx.state.workItems[id]).filter((child): child is WorkItem => child !== undefined);
  for (const child of instances) cancelItem(ctx, child, 'cancelled', `mi-completed:${parent.id}`);
  const decomposition = taskDecomposition(ctx, task);
  const outputs = instances
    .filter((child) => child.status === 'completed' && child.outputData !== undefined)
    .map((child) => (decomposition ? withOutputDefaults(child.outputData!, decomposition.outputParams) : child.outputData!));
  const joined = joinInstances(task.decomposesTo ?? task.id, outputs, mi);
  if (joined !== undefined) {
    netInstance.data = setVariable(netInstance.data, joined);
    parent.outputData = joined;
  }
  parent.status = 'completed';
  parent.completedAt = ctx.now;
  delete parent.timerExpiresAt;
  emit(ctx, 'workitem.completed', { ...itemFields(parent), data: joined });
  exitTask(ctx, netInstance, task);
}
