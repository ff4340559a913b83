/**
 * Small builders of YAWL model objects for engine tests, independent of the parser.
 *
 * A net is described by its flows as `from -> to` strings. `start` and `end` are the net's input
 * and output conditions (ids `${netId}_start` / `${netId}_end`), ids listed in `conditions` are
 * explicit conditions, anything else is a task. A task-to-task flow gets an implicit condition
 * `${from}_${to}`, as the parser would make. Each task gets an atomic decomposition with the
 * task's own id unless it is `empty` or `composite`.
 */
import type { Condition, Decomposition, Mapping, MultiInstance, NetDecomposition, NetElement, SplitJoinCode, Specification, Task, Timer, Variable } from '../model.js';

export interface TaskOptions {
  join?: SplitJoinCode;
  split?: SplitJoinCode;
  /** An empty task: no decomposition, fires as soon as it is enabled. */
  empty?: boolean;
  /** A composite task running this net id. */
  composite?: string;
  /** XOR/OR split predicates by target (task or condition id as written in the flows). */
  predicates?: Record<string, string>;
  /** The default flow's target (XOR/OR); else the last flow. */
  defaultFlow?: string;
  /** Cancellation set: condition ids (as written) and task ids. */
  cancels?: string[];
  /** removesTokensFromFlow: task-to-task flows whose implicit condition the set empties. */
  cancelsFlows?: [from: string, to: string][];
  starting?: Mapping[];
  completed?: Mapping[];
  outputParams?: { name: string; defaultValue?: string }[];
  multiInstance?: MultiInstance;
  timer?: Timer;
}

export interface NetOptions {
  id: string;
  flows: string[];
  conditions?: string[];
  tasks?: Record<string, TaskOptions>;
  /** name → initial value (XML content). */
  variables?: Record<string, string>;
  inputParams?: string[];
  outputParams?: string[];
}

function variable(name: string, index: number, initialValue?: string): Variable {
  return { name, type: 'string', index, ...(initialValue !== undefined ? { initialValue } : {}) };
}

function buildNet(options: NetOptions, isRootNet: boolean, decompositions: Record<string, Decomposition>): NetDecomposition {
  const start = `${options.id}_start`;
  const end = `${options.id}_end`;
  const explicit = new Set(options.conditions ?? []);
  const isCondition = (name: string): boolean => name === 'start' || name === 'end' || explicit.has(name);
  const conditionId = (name: string): string => (name === 'start' ? start : name === 'end' ? end : name);
  const elements: Record<string, NetElement> = {};
  const condition = (id: string, implicit: boolean): Condition => {
    const existing = elements[id];
    if (existing?.kind === 'condition') return existing;
    const role = id === start ? 'input' : id === end ? 'output' : 'plain';
    const created: Condition = { kind: 'condition', id, role, implicit, flows: [] };
    elements[id] = created;
    return created;
  };
  const task = (id: string): Task => {
    const existing = elements[id];
    if (existing?.kind === 'task') return existing;
    const opts = options.tasks?.[id] ?? {};
    const created: Task = {
      kind: 'task',
      id,
      join: opts.join ?? 'xor',
      split: opts.split ?? 'and',
      flows: [],
      removesTokens: (opts.cancels ?? []).map(conditionId),
      removesTokensFromFlow: (opts.cancelsFlows ?? []).map(([from, to]) => ({ from, to })),
      startingMappings: opts.starting ?? [],
      completedMappings: opts.completed ?? [],
      ...(opts.empty ? {} : { decomposesTo: opts.composite ?? id }),
      ...(opts.multiInstance ? { multiInstance: opts.multiInstance } : {}),
      ...(opts.timer ? { timer: opts.timer } : {}),
    };
    if (!opts.empty && !opts.composite) {
      decompositions[id] = {
        kind: 'task',
        id,
        externalInteraction: 'manual',
        inputParams: (opts.starting ?? []).map((mapping, index) => variable(mapping.mapsTo, index)),
        outputParams: (opts.outputParams ?? []).map((param, index) => ({ ...variable(param.name, index), ...(param.defaultValue !== undefined ? { defaultValue: param.defaultValue } : {}) })),
      };
    }
    elements[id] = created;
    return created;
  };
  condition(start, false);
  for (const line of options.flows) {
    const [from, to] = line.split('->').map((part) => part.trim()) as [string, string];
    if (isCondition(from)) {
      condition(conditionId(from), false).flows.push({ to: isCondition(to) ? conditionId(to) : task(to).id, isDefault: false });
      continue;
    }
    const source = task(from);
    const opts = options.tasks?.[from] ?? {};
    const target = isCondition(to) ? condition(conditionId(to), false).id : condition(`${from}_${to}`, true).id;
    if (!isCondition(to)) condition(target, true).flows.push({ to: task(to).id, isDefault: false });
    const isDefault = opts.defaultFlow === to;
    const predicate = opts.predicates?.[to] ?? (source.split !== 'and' && !isDefault ? 'true()' : undefined);
    source.flows.push({ to: target, isDefault, ordering: source.flows.length, ...(predicate !== undefined ? { predicate } : {}) });
  }
  condition(end, false);
  const names = Object.keys(options.variables ?? {});
  return {
    kind: 'net',
    id: options.id,
    isRootNet,
    inputParams: (options.inputParams ?? []).map((name, index) => variable(name, index)),
    outputParams: (options.outputParams ?? []).map((name, index) => variable(name, index)),
    localVariables: names.map((name, index) => variable(name, index, options.variables?.[name])),
    inputConditionId: start,
    outputConditionId: end,
    elements,
  };
}

/** A specification with `root` as its root net and any `subnets` for composite tasks. */
export function buildSpec(root: NetOptions, ...subnets: NetOptions[]): Specification {
  const decompositions: Record<string, Decomposition> = {};
  decompositions[root.id] = buildNet(root, true, decompositions);
  for (const subnet of subnets) decompositions[subnet.id] = buildNet(subnet, false, decompositions);
  return { uri: root.id, meta: { version: '0.1' }, schema: '', rootNetId: root.id, decompositions };
}

/** A mapping copying variable `name` from the document rooted at `from` into `name`. */
export function copy(from: string, name: string, mapsTo: string = name): Mapping {
  return { expression: `<${name}>{/${from}/${name}/text()}</${name}>`, mapsTo };
}
