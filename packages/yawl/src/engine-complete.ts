/**
 * What happens when a task finishes: completed mappings into the net data, the split that puts
 * tokens into output conditions, and the cancellation set. Also the cancellation of items and
 * of whole net instances, which cancellation sets and case ends share.
 */
import type { Flow, Task, Variable } from './model.js';
import { isLive, isPreStart, type NetInstance, type WorkItem, type WorkItemStatus } from './engine-types.js';
import { busyTaskIds, emit, getNet, getNetInstance, getTask, itemFields, liveItemsOf, netIndexOf, type EngineContext } from './engine-context.js';
import { applyCompletedMappings, buildDocument, childElements, evaluatePredicate, rootName, withOutputDefaults } from './evaluator.js';
import { addToken, clearCondition, isJoinSatisfied, type NetIndex } from './marking.js';
import { builtinDefault } from './xsd-types.js';

function byOrdering(a: Flow, b: Flow): number {
  return (a.ordering ?? Number.MAX_SAFE_INTEGER) - (b.ordering ?? Number.MAX_SAFE_INTEGER);
}

/** The default flow of an XOR/OR split; YAWL treats the last one in evaluation order as default. */
function defaultFlow(flows: Flow[]): Flow | undefined {
  return flows.find((flow) => flow.isDefault) ?? flows[flows.length - 1];
}

/**
 * The flows a split takes. AND: all. XOR: the first flow (by `ordering`, the default flow last)
 * whose predicate holds, else the default. OR: every flow whose predicate holds (the default
 * flow's own predicate included, as YAWL evaluates it too), the default when none does. A flow
 * without a predicate counts as `true()`, except the default flow, which is then only a fallback.
 */
export function chooseFlows(task: Task, netData: string): Flow[] {
  if (task.split === 'and' || task.flows.length <= 1) return task.flows;
  const ordered = [...task.flows].sort(byOrdering);
  const fallback = defaultFlow(ordered);
  const evaluationOrder = [...ordered.filter((flow) => flow !== fallback), ...(fallback ? [fallback] : [])];
  const holds = (flow: Flow): boolean => (flow.predicate === undefined ? flow !== fallback : evaluatePredicate(netData, flow.predicate));
  if (task.split === 'xor') {
    const chosen = evaluationOrder.find(holds) ?? fallback;
    return chosen ? [chosen] : [];
  }
  const chosen = evaluationOrder.filter(holds);
  if (chosen.length > 0) return chosen;
  return fallback ? [fallback] : [];
}

/** Applies a task's completed mappings from its output document (with output param defaults). */
export function applyTaskOutput(ctx: EngineContext, instance: NetInstance, task: Task, outputXml: string): string {
  const decomposition = task.decomposesTo ? ctx.spec.decompositions[task.decomposesTo] : undefined;
  const output = decomposition ? withOutputDefaults(outputXml, decomposition.outputParams) : outputXml;
  instance.data = applyCompletedMappings(instance.data, output, task.completedMappings);
  return output;
}

/**
 * The output of an item that ends without output of its own (skipped, or force-completed by its
 * timer), built as YAWL's YEngine.mapOutputDataForSkippedWorkItem does: the item's input document
 * without its input-only parameters, plus every output parameter it lacks. Declared defaults are
 * left to `applyTaskOutput`, as for any completion; a parameter without one takes its built-in
 * type's default (`builtinDefault`). A custom-typed one, or one of a type with no value to make up
 * (a date, a duration…), cannot be given one, so the item cannot end this way.
 */
export function outputFromInput(ctx: EngineContext, task: Task, inputXml: string): { ok: true; output: string } | { ok: false; parameter: Variable } {
  const rootId = task.decomposesTo ?? task.id;
  const decomposition = task.decomposesTo ? ctx.spec.decompositions[task.decomposesTo] : undefined;
  if (!decomposition || decomposition.outputParams.length === 0) return { ok: true, output: `<${rootId}/>` };
  const outputs = new Set(decomposition.outputParams.map((param) => param.name));
  const inputOnly = new Set(decomposition.inputParams.map((param) => param.name).filter((name) => !outputs.has(name)));
  const kept = childElements(inputXml).filter((element) => !inputOnly.has(rootName(element)));
  const present = new Set(kept.map(rootName));
  const added: string[] = [];
  for (const param of [...decomposition.outputParams].sort((a, b) => a.index - b.index)) {
    if (present.has(param.name) || param.defaultValue !== undefined) continue;
    const value = builtinDefault(param.type);
    if (value === undefined) return { ok: false, parameter: param };
    added.push(value === '' ? `<${param.name}/>` : `<${param.name}>${value}</${param.name}>`);
  }
  return { ok: true, output: buildDocument(rootId, [...kept, ...added]) };
}

/**
 * The task has finished (completed, skipped or force-completed; its item's status and event are
 * already recorded, its output already mapped): split into the output conditions, then apply the
 * cancellation set.
 */
export function exitTask(ctx: EngineContext, instance: NetInstance, task: Task): void {
  for (const flow of chooseFlows(task, instance.data)) addToken(instance.marking, flow.to);
  applyCancellationSet(ctx, instance, task);
}

/**
 * YAWL's cancellation set removes what it names and nothing else: the running instances of the
 * tasks it names (a started item, an MI task's instances, a composite task's subnet), the tokens
 * of the conditions it names, and those of the implicit conditions on the flows it names
 * (removesTokensFromFlow). An item of a named task that has not started is no running instance:
 * it stays while the condition before it still holds its token. It goes only when the set takes
 * that token away, and then it is withdrawn, once, for this cancellation.
 */
function applyCancellationSet(ctx: EngineContext, instance: NetInstance, task: Task): void {
  const index = netIndexOf(ctx, instance);
  for (const id of task.removesTokens) {
    if (index.conditions[id]) clearCondition(instance.marking, id);
    else if (id !== task.id) {
      for (const item of liveItemsOf(ctx, instance.id).filter((candidate) => candidate.taskId === id && candidate.kind !== 'instance' && !isPreStart(candidate))) {
        cancelItem(ctx, item, 'cancelled', `cancellation-set:${task.id}`);
      }
    }
  }
  for (const { from, to } of task.removesTokensFromFlow) {
    const condition = implicitConditionBetween(index, from, to);
    if (condition) clearCondition(instance.marking, condition);
  }
  const busy = busyTaskIds(ctx, instance.id);
  for (const item of liveItemsOf(ctx, instance.id)) {
    if (item.kind === 'instance' || !isPreStart(item)) continue;
    const waiting = index.tasks.find((candidate) => candidate.id === item.taskId);
    if (waiting && !isJoinSatisfied(index, waiting, instance.marking, busy)) cancelItem(ctx, item, 'withdrawn', `cancellation-set:${task.id}`);
  }
}

/** The implicit condition the parser put on the flow `from → to` (task to task). */
function implicitConditionBetween(index: NetIndex, from: string, to: string): string | undefined {
  return (index.postset[from] ?? []).find((id) => {
    const condition = index.conditions[id];
    return condition?.implicit === true && condition.flows.some((flow) => flow.to === to);
  });
}

/**
 * Ends a live item without completing it (`cancelled`, or `withdrawn` when it lost its
 * tokens to another item), along with everything running under it: MI instances, a composite
 * task's child net.
 */
export function cancelItem(ctx: EngineContext, item: WorkItem, status: Extract<WorkItemStatus, 'cancelled' | 'withdrawn'>, reason: string): void {
  if (!isLive(item)) return;
  item.status = status;
  item.completedAt = ctx.now;
  delete item.suspendedFrom;
  delete item.timerExpiresAt;
  emit(ctx, status === 'cancelled' ? 'workitem.cancelled' : 'workitem.withdrawn', { ...itemFields(item), reason });
  for (const instanceId of item.instanceIds ?? []) {
    const instance = ctx.state.workItems[instanceId];
    if (instance) cancelItem(ctx, instance, 'cancelled', reason);
  }
  const childNet = ctx.state.netInstances[item.id];
  if (childNet?.status === 'running') cancelNetInstance(ctx, childNet, reason);
}

export function cancelNetInstance(ctx: EngineContext, instance: NetInstance, reason: string): void {
  instance.status = 'cancelled';
  instance.marking = {};
  for (const item of liveItemsOf(ctx, instance.id)) cancelItem(ctx, item, 'cancelled', reason);
}

/** A net instance's output document: its output parameters' current values (root = net id). */
export function netOutput(ctx: EngineContext, instance: NetInstance): string {
  const net = getNet(ctx.spec, instance.netId);
  const names = new Set(net.outputParams.map((param) => param.name));
  return buildDocument(
    net.id,
    childElements(instance.data).filter((element) => names.has(rootName(element))),
  );
}

/**
 * Finishes a composite task whose child net reached its output condition (or was cut short by
 * a timer): the child's output parameters become the composite item's output.
 */
export function completeComposite(ctx: EngineContext, item: WorkItem, status: 'completed' | 'skipped' = 'completed'): void {
  const child = ctx.state.netInstances[item.id];
  const parentNet = getNetInstance(ctx, item.netInstanceId);
  const task = getTask(ctx, item);
  if (child) {
    if (child.status === 'running') {
      cancelNetInstance(ctx, child, 'composite-ended');
      child.status = 'completed';
    }
    item.outputData = applyTaskOutput(ctx, parentNet, task, netOutput(ctx, child));
  }
  item.status = status;
  item.completedAt = ctx.now;
  delete item.timerExpiresAt;
  emit(ctx, status === 'completed' ? 'workitem.completed' : 'workitem.skipped', { ...itemFields(item), data: item.outputData });
  exitTask(ctx, parentNet, task);
}
