/**
 * Net structure (presets and postsets, computed once per net object) and the marking rules:
 * when a task's join is satisfied, which tokens firing consumes, and the OR-join analysis.
 */
import type { Condition, NetDecomposition, Task } from './model.js';
import { EngineError } from './engine-types.js';

export interface NetIndex {
  net: NetDecomposition;
  /** Tasks in document order. */
  tasks: Task[];
  conditions: Record<string, Condition>;
  /** Input conditions of each task, in document order of the conditions. */
  preset: Record<string, string[]>;
  /** Output conditions of each task (the flows' targets). */
  postset: Record<string, string[]>;
}

const indexes = new WeakMap<NetDecomposition, NetIndex>();

/** The structure of a net; cached per net object, since specifications are immutable. */
export function indexNet(net: NetDecomposition): NetIndex {
  const cached = indexes.get(net);
  if (cached) return cached;
  const tasks: Task[] = [];
  const conditions: Record<string, Condition> = {};
  const preset: Record<string, string[]> = {};
  const postset: Record<string, string[]> = {};
  for (const element of Object.values(net.elements)) {
    if (element.kind === 'task') {
      tasks.push(element);
      preset[element.id] = [];
    } else conditions[element.id] = element;
  }
  for (const task of tasks) {
    postset[task.id] = task.flows.map((flow) => {
      // The parser makes implicit conditions explicit, so tokens only ever sit in conditions.
      if (!conditions[flow.to]) throw new EngineError('INVALID_SPECIFICATION', `Flow ${task.id} → ${flow.to} does not end in a condition`);
      return flow.to;
    });
  }
  for (const condition of Object.values(conditions)) {
    for (const flow of condition.flows) {
      const targetPreset = preset[flow.to];
      if (!targetPreset) throw new EngineError('INVALID_SPECIFICATION', `Flow ${condition.id} → ${flow.to} does not end in a task`);
      targetPreset.push(condition.id);
    }
  }
  const index: NetIndex = { net, tasks, conditions, preset, postset };
  indexes.set(net, index);
  return index;
}

export type Marking = Record<string, number>;

export function tokens(marking: Marking, conditionId: string): number {
  return marking[conditionId] ?? 0;
}

export function addToken(marking: Marking, conditionId: string): void {
  marking[conditionId] = tokens(marking, conditionId) + 1;
}

export function removeToken(marking: Marking, conditionId: string): void {
  const left = tokens(marking, conditionId) - 1;
  // Empty conditions are left out of the marking (Reflect: the key is data, not a property name).
  if (left > 0) marking[conditionId] = left;
  else Reflect.deleteProperty(marking, conditionId);
}

export function clearCondition(marking: Marking, conditionId: string): void {
  Reflect.deleteProperty(marking, conditionId);
}

/**
 * Whether `task`'s join is satisfied. `busyTaskIds` are tasks of the same net instance that are
 * executing (their output tokens are still to come), which the OR-join analysis needs.
 */
export function isJoinSatisfied(index: NetIndex, task: Task, marking: Marking, busyTaskIds: ReadonlySet<string>): boolean {
  const preset = index.preset[task.id] ?? [];
  const marked = preset.filter((id) => tokens(marking, id) > 0);
  switch (task.join) {
    case 'and':
      return preset.length > 0 && marked.length === preset.length;
    case 'xor':
      return marked.length > 0;
    case 'or':
      return marked.length > 0 && !orJoinMustWait(index, task, marking, busyTaskIds);
  }
}

/** The conditions whose tokens firing `task` consumes (one token each). */
export function tokensToConsume(index: NetIndex, task: Task, marking: Marking): string[] {
  const marked = (index.preset[task.id] ?? []).filter((id) => tokens(marking, id) > 0);
  // XOR: one token from one input condition (the first marked, in document order).
  return task.join === 'xor' ? marked.slice(0, 1) : marked;
}

/**
 * The OR-join rule. YAWL's exact semantics (Wynn et al.) asks whether, from the current
 * marking, some marking is reachable that puts a token in an unmarked input condition of the
 * OR-join without the OR-join firing first; YAWL decides it on a reset-net coverability
 * analysis. This engine uses a structural over-approximation of that reachability:
 *
 *  1. Start from every marked condition of the net instance, plus the output conditions of
 *     every busy task (started items, running composite/MI tasks: their tokens will come).
 *  2. Repeatedly add the output conditions of any task other than the OR-join itself whose join
 *     could be satisfied by the conditions gathered so far (AND: all its inputs gathered;
 *     XOR/OR: any), ignoring split predicates (every branch may be taken), token counts (tokens
 *     may be reused) and cancellation sets (nothing is removed).
 *  3. The OR-join waits iff one of its unmarked input conditions was gathered.
 *
 * Because it over-approximates reachability, the OR-join never fires while a token can still
 * arrive (it is never early); it may wait when a token could in fact never arrive — when a
 * cancellation set or data-dependent predicates rule the path out, or an AND-join on the way
 * can never be satisfied because tokens are consumed elsewhere. A case stuck that way shows up
 * as `case.deadlocked`. Other OR-joins on the path are treated optimistically, like XOR-joins
 * (any gathered input lets them fire). The analysis is per net instance: a token that could
 * come back from a composite task's subnet is covered by that task being busy.
 */
export function orJoinMustWait(index: NetIndex, orJoin: Task, marking: Marking, busyTaskIds: ReadonlySet<string>): boolean {
  const preset = index.preset[orJoin.id] ?? [];
  const unmarked = preset.filter((id) => tokens(marking, id) === 0);
  if (unmarked.length === 0) return false;
  const reachable = new Set<string>(Object.keys(marking).filter((id) => tokens(marking, id) > 0));
  for (const busy of busyTaskIds) for (const out of index.postset[busy] ?? []) reachable.add(out);
  const fired = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const task of index.tasks) {
      if (task.id === orJoin.id || fired.has(task.id)) continue;
      const inputs = index.preset[task.id] ?? [];
      const canFire = task.join === 'and' ? inputs.length > 0 && inputs.every((id) => reachable.has(id)) : inputs.some((id) => reachable.has(id));
      if (!canFire) continue;
      fired.add(task.id);
      changed = true;
      for (const out of index.postset[task.id] ?? []) reachable.add(out);
    }
  }
  return unmarked.some((id) => reachable.has(id));
}
