/**
 * The workflow patterns a verified specification uses, read off its root net: for drafts whose
 * plan is not known (a model's), so the knowledge base can rank them by pattern like the planner's.
 */
import type { NetDecomposition, Specification } from '@flowgraph/yawl';
import type { PatternName } from './planner/plan.js';

function hasCycle(net: NetDecomposition): boolean {
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string): boolean => {
    state.set(id, 'open');
    for (const flow of net.elements[id]?.flows ?? []) {
      const seen = state.get(flow.to);
      if (seen === 'open' || (seen === undefined && visit(flow.to))) return true;
    }
    state.set(id, 'done');
    return false;
  };
  return visit(net.inputConditionId);
}

export function patternsOfSpecification(spec: Specification): PatternName[] {
  const root = spec.decompositions[spec.rootNetId];
  if (root?.kind !== 'net') return [];
  const found = new Set<PatternName>();
  const tasks = Object.values(root.elements).flatMap((element) => (element.kind === 'task' ? [element] : []));
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
