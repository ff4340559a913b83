/**
 * The working context of one command: a private copy of the case state that the engine
 * mutates freely, the specification, the command's time, and the events emitted so far. The
 * entry point copies the state in and hands the copy back only when the command succeeds, so
 * callers always see either the old state or the whole new one.
 */
import type { NetDecomposition, Specification, Task, TaskDecomposition } from './model.js';
import { EngineError, isLive, isPreStart, type CaseState, type EngineEvent, type EngineEventType, type NetInstance, type WorkItem } from './engine-types.js';
import { indexNet, type NetIndex } from './marking.js';

export interface EngineContext {
  state: CaseState;
  spec: Specification;
  now: string;
  events: EngineEvent[];
}

export function emit(ctx: EngineContext, type: EngineEventType, fields: Omit<EngineEvent, 'sequence' | 'type' | 'caseId' | 'at'> = {}): void {
  ctx.state.sequence += 1;
  // Events are stored as JSON: absent fields are left out rather than set to undefined.
  const present = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as typeof fields;
  ctx.events.push({ sequence: ctx.state.sequence, type, caseId: ctx.state.caseId, at: ctx.now, ...present });
}

export function itemFields(item: WorkItem): Pick<EngineEvent, 'netInstanceId' | 'workItemId' | 'taskId'> {
  return { netInstanceId: item.netInstanceId, workItemId: item.id, taskId: item.taskId };
}

export function getNet(spec: Specification, netId: string): NetDecomposition {
  const decomposition = spec.decompositions[netId];
  if (decomposition?.kind !== 'net') throw new EngineError('INVALID_SPECIFICATION', `Net ${netId} is not in the specification`);
  return decomposition;
}

export function netIndexOf(ctx: EngineContext, instance: NetInstance): NetIndex {
  return indexNet(getNet(ctx.spec, instance.netId));
}

export function getNetInstance(ctx: EngineContext, netInstanceId: string): NetInstance {
  const instance = ctx.state.netInstances[netInstanceId];
  if (!instance) throw new EngineError('INVALID_SPECIFICATION', `Net instance ${netInstanceId} does not exist`);
  return instance;
}

export function getTask(ctx: EngineContext, item: Pick<WorkItem, 'netInstanceId' | 'taskId'>): Task {
  const net = getNet(ctx.spec, getNetInstance(ctx, item.netInstanceId).netId);
  const element = net.elements[item.taskId];
  if (element?.kind !== 'task') throw new EngineError('INVALID_SPECIFICATION', `Task ${item.taskId} is not in net ${net.id}`);
  return element;
}

/** The task decomposition an atomic task runs, if any. */
export function taskDecomposition(ctx: EngineContext, task: Task): TaskDecomposition | undefined {
  const decomposition = task.decomposesTo ? ctx.spec.decompositions[task.decomposesTo] : undefined;
  return decomposition?.kind === 'task' ? decomposition : undefined;
}

export function getItem(ctx: EngineContext, workItemId: string): WorkItem {
  const item = ctx.state.workItems[workItemId];
  if (!item) throw new EngineError('UNKNOWN_WORK_ITEM', `No work item ${workItemId} in case ${ctx.state.caseId}`);
  return item;
}

export function nextItemId(ctx: EngineContext, taskId: string): string {
  ctx.state.nextItemNumber += 1;
  return `${ctx.state.caseId}:${taskId}:${ctx.state.nextItemNumber}`;
}

/** Live items of a net instance (any kind), in creation order. */
export function liveItemsOf(ctx: EngineContext, netInstanceId: string): WorkItem[] {
  return Object.values(ctx.state.workItems).filter((item) => item.netInstanceId === netInstanceId && isLive(item));
}

/** Tasks of the net instance whose items have started and not finished: their tokens will come. */
export function busyTaskIds(ctx: EngineContext, netInstanceId: string): Set<string> {
  return new Set(
    liveItemsOf(ctx, netInstanceId)
      .filter((item) => item.kind !== 'instance' && !isPreStart(item))
      .map((item) => item.taskId),
  );
}

export function invalid(item: WorkItem, action: string): EngineError {
  return new EngineError('INVALID_TRANSITION', `Cannot ${action} work item ${item.id}: it is ${item.status}`);
}
