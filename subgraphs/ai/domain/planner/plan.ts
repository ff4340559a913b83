/**
 * A plan of workflow patterns: what the planner reads out of an intent and the YAWL writer turns
 * into a net. Structured (every split has its join), so the writer can always close the net.
 */
import type { WorkflowPatternName } from '@flowgraph/yawl';

export type ScalarType = 'string' | 'boolean' | 'double' | 'long';

/** A list of `item` strings, declared as a complex type in the specification's schema. */
export interface ListType {
  list: string;
}

export type ValueType = ScalarType | ListType;

export interface PlanVariable {
  name: string;
  type: ValueType;
}

export type Comparison = '<' | '<=' | '>' | '>=';

/** A test on case data: a threshold on a number, or a yes/no value. */
export type Condition = { variable: string; op: Comparison; value: number } | { variable: string; op: '='; value: boolean };

export interface TaskStep {
  kind: 'task';
  id: string;
  name: string;
  /** The role the task is offered to; none leaves it open to the whole tenant. */
  role?: string;
  /** Net variables the task writes (its output parameters). */
  produces: string[];
  /** Net variables the task reads (its input parameters). */
  consumes: string[];
  /** xs:duration the item may wait before its timer fires (OnEnabled). */
  deadline?: string;
  /** Multiple instances: one per element of the list variable, each seeing one `item`. */
  forEach?: { list: string; item: string; results: string };
}

export interface ChoiceStep {
  kind: 'choice';
  /** Tested in order; the first that holds is taken. */
  branches: { when: Condition; steps: Step[] }[];
  /** Taken when no branch holds; empty skips straight to the merge. */
  otherwise: Step[];
}

export interface ParallelStep {
  kind: 'parallel';
  branches: Step[][];
}

export interface LoopStep {
  kind: 'loop';
  body: Step[];
  /** The loop ends once this holds after the body ran. */
  until: Condition;
}

export type Step = TaskStep | ChoiceStep | ParallelStep | LoopStep;

/** Workflow control-flow patterns (Russell, van der Aalst et al.) a plan uses: the names @flowgraph/yawl reads off a specification. */
export type PatternName = WorkflowPatternName;

export interface Plan {
  title: string;
  variables: PlanVariable[];
  steps: Step[];
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; reason: string };

export function tasksOf(steps: readonly Step[]): TaskStep[] {
  return steps.flatMap((step): TaskStep[] => {
    switch (step.kind) {
      case 'task':
        return [step];
      case 'choice':
        return [...step.branches.flatMap((branch) => tasksOf(branch.steps)), ...tasksOf(step.otherwise)];
      case 'parallel':
        return step.branches.flatMap((branch) => tasksOf(branch));
      case 'loop':
        return tasksOf(step.body);
    }
  });
}

/** The patterns a plan uses, for the knowledge base and the ranking of similar workflows. */
export function patternsOf(plan: Plan): PatternName[] {
  const found = new Set<PatternName>();
  const visit = (steps: readonly Step[]): void => {
    if (steps.length > 1) found.add('WCP-1 sequence');
    for (const step of steps) {
      if (step.kind === 'task') {
        if (step.deadline) found.add('timer');
        if (step.role) found.add('role-based offer');
        if (step.forEach) found.add('WCP-13 multiple instances with design-time knowledge');
      } else if (step.kind === 'choice') {
        found.add('WCP-4 exclusive choice').add('WCP-5 simple merge');
        step.branches.forEach((branch) => visit(branch.steps));
        visit(step.otherwise);
      } else if (step.kind === 'parallel') {
        found.add('WCP-2 parallel split').add('WCP-3 synchronization');
        step.branches.forEach(visit);
      } else {
        found.add('WCP-10 arbitrary cycles');
        visit(step.body);
      }
    }
  };
  visit(plan.steps);
  return [...found].sort();
}
