/**
 * What a specification is about, for a knowledge base of workflows: the control-flow patterns its
 * root net uses (Russell, van der Aalst et al.), and a bounded summary (name, description, task
 * names). Pure: every subgraph that describes a specification to another (workflows, marketplace)
 * and the ai subgraph's own pattern extraction read it the same way, here.
 */
import type { NetDecomposition, Specification, Task } from './model.js';

export type WorkflowPatternName =
  | 'WCP-1 sequence'
  | 'WCP-2 parallel split'
  | 'WCP-3 synchronization'
  | 'WCP-4 exclusive choice'
  | 'WCP-5 simple merge'
  | 'WCP-10 arbitrary cycles'
  | 'WCP-13 multiple instances with design-time knowledge'
  | 'timer'
  | 'role-based offer';

function hasCycle(net: NetDecomposition): boolean {
  const state = new Map<string, 'open' | 'done'>();
  // An explicit stack: a net of 20,000 elements in a row must not exhaust the call stack.
  const stack: { id: string; next: number }[] = [{ id: net.inputConditionId, next: 0 }];
  state.set(net.inputConditionId, 'open');
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const flows = net.elements[top.id]?.flows ?? [];
    if (top.next >= flows.length) {
      state.set(top.id, 'done');
      stack.pop();
      continue;
    }
    const to = flows[top.next++]!.to;
    const seen = state.get(to);
    if (seen === 'open') return true;
    if (seen === undefined) {
      state.set(to, 'open');
      stack.push({ id: to, next: 0 });
    }
  }
  return false;
}

const tasksOf = (net: NetDecomposition): Task[] => Object.values(net.elements).flatMap((element) => (element.kind === 'task' ? [element] : []));

/** The patterns the specification's root net uses, sorted. */
export function patternsOfSpecification(spec: Specification): WorkflowPatternName[] {
  const root = spec.decompositions[spec.rootNetId];
  if (root?.kind !== 'net') return [];
  const found = new Set<WorkflowPatternName>();
  const tasks = tasksOf(root);
  if (tasks.length > 1) found.add('WCP-1 sequence');
  for (const task of tasks) {
    // A choice's branches meet again at an XOR join (or the output condition): merges come with choices.
    if (task.split === 'xor' && task.flows.length > 1) found.add('WCP-4 exclusive choice').add('WCP-5 simple merge');
    if (task.split === 'and' && task.flows.length > 1) found.add('WCP-2 parallel split');
    if (task.join === 'and') found.add('WCP-3 synchronization');
    if (task.multiInstance) found.add('WCP-13 multiple instances with design-time knowledge');
    if (task.timer) found.add('timer');
    if (task.resourcing?.offer.roles.length) found.add('role-based offer');
  }
  if (hasCycle(root)) found.add('WCP-10 arbitrary cycles');
  return [...found].sort();
}

/** Bounds on a summary, so an event carrying one stays small whatever was uploaded. */
export const WORKFLOW_SUMMARY_LIMITS = { name: 200, description: 2000, taskName: 100, tasks: 50 } as const;

export interface WorkflowSummary {
  name: string;
  description: string;
  /** Distinct task names (else ids) of every net, in document order, at most `tasks`. */
  taskNames: string[];
  patterns: WorkflowPatternName[];
}

const clip = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max) : flat;
};

/**
 * One summary of the specifications of a set (a template's snapshot may hold several): the first's
 * name and description, the task names and patterns of all of them.
 */
export function summarizeSpecifications(specs: readonly Specification[]): WorkflowSummary {
  const limits = WORKFLOW_SUMMARY_LIMITS;
  const first = specs[0];
  const taskNames = new Set<string>();
  const patterns = new Set<WorkflowPatternName>();
  for (const spec of specs) {
    patternsOfSpecification(spec).forEach((pattern) => patterns.add(pattern));
    for (const decomposition of Object.values(spec.decompositions)) {
      if (decomposition.kind !== 'net') continue;
      for (const task of tasksOf(decomposition)) {
        if (taskNames.size >= limits.tasks) break;
        const name = clip(task.name ?? task.id, limits.taskName);
        if (name) taskNames.add(name);
      }
    }
  }
  return {
    name: clip(first ? (first.name ?? first.meta.title ?? first.uri) : '', limits.name),
    description: clip(first ? (first.meta.description ?? first.documentation ?? '') : '', limits.description),
    taskNames: [...taskNames],
    patterns: [...patterns].sort(),
  };
}
