/**
 * The deterministic planner: reads an intent into a Plan of workflow patterns, without a model or
 * a network. It understands sequences of "role verb object" steps, exclusive choices on
 * thresholds and yes/no states (with "otherwise", "above that" and "too"), parallel work, loops
 * ("until approved"), repetition ("for each line item") and deadlines ("within 3 days").
 */
import { pascal, normalise, readClause, splitClauses, splitTitle, type Action, type Clause } from './clauses.js';
import { UNSUPPORTED } from './lexicon.js';
import { tasksOf, type ChoiceStep, type Condition, type LoopStep, type PlanResult, type PlanVariable, type Step, type TaskStep, type ValueType } from './plan.js';

export const MAX_INTENT_LENGTH = 2000;
/**
 * Tasks one plan may hold. "… too" copies the branch before it, so within MAX_INTENT_LENGTH a chain of
 * such clauses grew quadratically (1,893 characters planned 704 tasks); no intent of the corpus needs 20.
 */
export const MAX_PLAN_TASKS = 100;
const tooManyTasks = `the workflow would have more than ${MAX_PLAN_TASKS} tasks: split it into smaller workflows`;

export interface PlanHints {
  /** The specification's title; else the intent's "Title: …" prefix, else its first words. */
  name?: string;
  /** Offered to tasks whose intent names no role. */
  defaultRole?: string;
}

const ROLE_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

class PlanBuilder {
  readonly variables = new Map<string, PlanVariable>();
  private readonly ids = new Set<string>();
  mainObject: string | undefined;

  constructor(private readonly hints: PlanHints) {}

  declare(name: string, type: ValueType): void {
    if (!this.variables.has(name)) this.variables.set(name, { name, type });
  }

  uniqueId(base: string): string {
    const stem = /^[A-Z]/.test(base) ? base : `Task${base}`;
    let id = stem;
    for (let n = 2; this.ids.has(id); n++) id = `${stem}${n}`;
    this.ids.add(id);
    return id;
  }

  reserve(id: string): void {
    this.ids.add(id);
  }

  task(action: Action, clause: Clause): TaskStep {
    // "approves amounts up to 10000": the amount is the decision's data, the task is about the main object.
    const named = action.object && !isNumberNoun(action.object) ? action.object : undefined;
    // "for each candidate the panel interviews them": the repeated thing is what the task is about.
    const object = named ?? (clause.forEach ? singular(clause.forEach) : this.mainObject);
    if (named && !this.mainObject) this.mainObject = named;
    const name = capitalise(object ? `${action.verb} ${object}` : action.verb);
    const role = toRole(action.role) ?? toRole(this.hints.defaultRole);
    const step: TaskStep = { kind: 'task', id: this.uniqueId(pascal(name)), name, produces: [], consumes: [], ...(role ? { role } : {}) };
    if (clause.deadline) step.deadline = clause.deadline;
    if (clause.forEach) {
      const item = pascal(singular(clause.forEach));
      const list = `${item}s`;
      const results = `Processed${item}s`;
      this.declare(list, { list: item });
      this.declare(results, { list: item });
      step.forEach = { list, item, results };
    }
    return step;
  }

  copy(steps: readonly Step[]): Step[] {
    return steps.map((step): Step => {
      if (step.kind === 'task') return { ...step, id: this.uniqueId(step.id.replace(/\d+$/, '')), produces: [...step.produces], consumes: [...step.consumes] };
      if (step.kind === 'choice') return { ...step, branches: step.branches.map((b) => ({ when: b.when, steps: this.copy(b.steps) })), otherwise: this.copy(step.otherwise) };
      if (step.kind === 'parallel') return { ...step, branches: step.branches.map((b) => this.copy(b)) };
      return { ...step, body: this.copy(step.body) };
    });
  }
}

const PURE_NUMBERS: ReadonlySet<string> = new Set(['amount', 'total', 'value', 'sum', 'price', 'cost', 'fee', 'quantity', 'count', 'score', 'rating', 'spend']);

/** "amounts", "the total": a number, not a thing a task works on. */
function isNumberNoun(phrase: string): boolean {
  const last = phrase.split(' ').pop()!;
  return PURE_NUMBERS.has(last) || PURE_NUMBERS.has(last.replace(/s$/, ''));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function singular(noun: string): string {
  return noun.replace(/ies$/, 'y').replace(/(?<!s)s$/, '');
}

function toRole(role: string | undefined): string | undefined {
  if (!role) return undefined;
  const slug = role.trim().toLowerCase().replace(/\s+/g, '-').replace(/[^a-z0-9-]/g, '');
  return ROLE_PATTERN.test(slug) && slug !== 'system' ? slug : undefined;
}

const complementOf = (condition: Condition): Condition | undefined => {
  if (condition.op === '=') return { ...condition, value: !condition.value };
  const flipped = { '<': '>=', '<=': '>', '>': '<=', '>=': '<' } as const;
  return { variable: condition.variable, op: flipped[condition.op], value: condition.value };
};

const sameCondition = (a: Condition, b: Condition): boolean => a.variable === b.variable && a.op === b.op && a.value === b.value;

/** The last task that runs before the end of `steps`, where a decision's data comes from. */
function lastTask(steps: readonly Step[]): TaskStep | undefined {
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    if (step.kind === 'task') return step;
    if (step.kind === 'loop') return lastTask(step.body);
    if (step.kind === 'parallel') return lastTask(step.branches[step.branches.length - 1]!);
    if (step.kind === 'choice') {
      const found = lastTask(step.otherwise) ?? lastTask(step.branches[0]!.steps);
      if (found) return found;
    }
  }
  return undefined;
}

export function planIntent(intent: string, hints: PlanHints = {}): PlanResult {
  const text = normalise(intent);
  if (text.length === 0) return { ok: false, reason: 'the intent is empty' };
  if (text.length > MAX_INTENT_LENGTH) return { ok: false, reason: `the intent is longer than ${MAX_INTENT_LENGTH} characters` };
  for (const { pattern, reason } of UNSUPPORTED) if (pattern.test(text)) return { ok: false, reason };
  const { title, body } = splitTitle(text);
  const builder = new PlanBuilder(hints);
  const clauses = splitClauses(body).map(readClause);
  const steps: Step[] = [];
  let openChoice: ChoiceStep | undefined;
  let lastCondition: Condition | undefined;
  for (const clause of clauses) {
    // Checked before each clause: a clause adds at most one copy of a branch the check has already bounded.
    if (tasksOf(steps).length > MAX_PLAN_TASKS) return { ok: false, reason: tooManyTasks };
    if (clause.actions.length === 0) {
      if (clause.until && steps.length > 0) steps.push(loopOf([steps.pop()!], clause.until));
      continue;
    }
    let tasks: Step[] = clause.actions.map((action) => builder.task(action, clause));
    if (clause.parallel && tasks.length > 1) tasks = [{ kind: 'parallel', branches: tasks.map((task) => [task]) }];
    if (clause.until) tasks = [loopOf(tasks, clause.until)];
    const condition = clause.condition;
    if (condition) {
      if (condition.kind === 'otherwise') {
        if (!openChoice) return { ok: false, reason: `"${clause.text}" says otherwise, but no condition came before it` };
        openChoice.otherwise = [...openChoice.otherwise, ...tasks];
        openChoice = undefined;
        continue;
      }
      const test = condition.kind === 'test' ? condition.condition : lastCondition && complementOf(lastCondition);
      if (!test) return { ok: false, reason: `"${clause.text}" refers to a condition ("above that") that was not given before it` };
      const branchSteps = clause.also && openChoice ? [...builder.copy(openChoice.branches[openChoice.branches.length - 1]!.steps), ...tasks] : tasks;
      const existing = openChoice?.branches.find((branch) => sameCondition(branch.when, test));
      if (existing) existing.steps.push(...branchSteps);
      else if (openChoice && openChoice.branches[0]!.when.variable === test.variable) openChoice.branches.push({ when: test, steps: branchSteps });
      else {
        openChoice = { kind: 'choice', branches: [{ when: test, steps: branchSteps }], otherwise: [] };
        steps.push(openChoice);
      }
      lastCondition = test;
      continue;
    }
    openChoice = undefined;
    if (clause.alongsidePrevious && steps.length > 0) {
      const previous = steps.pop()!;
      steps.push({ kind: 'parallel', branches: [[previous], tasks] });
      continue;
    }
    steps.push(...tasks);
  }
  if (tasksOf(steps).length > MAX_PLAN_TASKS) return { ok: false, reason: tooManyTasks };
  if (tasksOf(steps).length === 0) return { ok: false, reason: 'no steps found: name who does what, e.g. "a clerk enters the invoice, then a manager approves it"' };
  const name = hints.name?.trim() || (title ? capitalise(title) : capitalise(text.split(/[.,;:]/)[0]!.split(' ').slice(0, 6).join(' ')));
  closeChoices(steps);
  const finished = bindData(steps, builder);
  return { ok: true, plan: { title: name, variables: [...builder.variables.values()], steps: finished } };
}

/** A last branch that is the complement of an earlier one ("above that") is the choice's default flow. */
function closeChoices(steps: readonly Step[]): void {
  for (const step of steps) {
    if (step.kind === 'choice') {
      const last = step.branches[step.branches.length - 1]!;
      const complemented = step.branches.slice(0, -1).some((branch) => {
        const complement = complementOf(branch.when);
        return complement !== undefined && sameCondition(complement, last.when);
      });
      if (step.otherwise.length === 0 && complemented) {
        step.branches.pop();
        step.otherwise = last.steps;
      }
      step.branches.forEach((branch) => closeChoices(branch.steps));
      closeChoices(step.otherwise);
    } else if (step.kind === 'parallel') step.branches.forEach(closeChoices);
    else if (step.kind === 'loop') closeChoices(step.body);
  }
}

function loopOf(body: Step[], until: Condition): LoopStep {
  return { kind: 'loop', body, until };
}

const SCALAR_OF = (condition: Condition): ValueType => (condition.op === '=' ? 'boolean' : Number.isInteger(condition.value) && /Count|Quantity|Score|Days|Hours|Rating|Age|Units|Items|Priority|Risk|Headcount/.test(condition.variable) ? 'long' : 'double');

/**
 * Gives every decision its data: a threshold is entered by the first task of the process (an
 * intake task is added when the process starts with the decision), a yes/no state by the last
 * task before the decision, a loop's state by the last task of its body, a list to repeat over
 * by the task before the repetition. Every task reads the numbers entered before it.
 */
function bindData(steps: Step[], builder: PlanBuilder): Step[] {
  const all = [...steps];
  const head = all[0]!;
  const first = head.kind === 'task' && !head.forEach ? head : undefined;
  let intake = first;
  const ensureIntake = (): TaskStep => {
    if (intake) return intake;
    const object = builder.mainObject;
    intake = { kind: 'task', id: builder.uniqueId(pascal(`enter ${object ?? 'details'}`)), name: capitalise(`enter ${object ?? 'details'}`), produces: [], consumes: [] };
    all.unshift(intake);
    return intake;
  };
  const produce = (task: TaskStep, variable: string, type: ValueType): void => {
    builder.declare(variable, type);
    if (!task.produces.includes(variable)) task.produces.push(variable);
  };
  const numbers: string[] = [];
  const visit = (sequence: Step[], before: TaskStep | undefined): TaskStep | undefined => {
    let previous = before;
    for (const step of sequence) {
      if (step.kind === 'task') {
        if (step.forEach) produce(previous ?? ensureIntake(), step.forEach.list, { list: step.forEach.item });
        previous = step;
        continue;
      }
      if (step.kind === 'choice') {
        for (const { when } of step.branches) {
          if (when.op === '=') produce(previous ?? ensureIntake(), when.variable, 'boolean');
          else {
            produce(ensureIntake(), when.variable, SCALAR_OF(when));
            if (!numbers.includes(when.variable)) numbers.push(when.variable);
          }
        }
        for (const branch of step.branches) visit(branch.steps, previous);
        visit(step.otherwise, previous);
        previous = lastTask([step]) ?? previous;
        continue;
      }
      if (step.kind === 'parallel') {
        for (const branch of step.branches) visit(branch, previous);
        previous = lastTask([step]) ?? previous;
        continue;
      }
      const end = visit(step.body, previous);
      if (step.until.op === '=') produce(end ?? ensureIntake(), step.until.variable, 'boolean');
      else {
        produce(end ?? ensureIntake(), step.until.variable, SCALAR_OF(step.until));
      }
      previous = end ?? previous;
    }
    return previous;
  };
  visit(all, undefined);
  for (const task of tasksOf(all)) {
    task.consumes = numbers.filter((name) => !task.produces.includes(name));
    if (task.produces.length === 0 && !task.forEach) {
      const note = `${task.id}Note`;
      builder.declare(note, 'string');
      task.produces.push(note);
    }
  }
  return all;
}
