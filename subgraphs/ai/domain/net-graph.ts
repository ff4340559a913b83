/**
 * A plan laid out as a YAWL net: atomic tasks for the plan's tasks, empty routing tasks for its
 * splits and joins, then folded so a split or join sits on the task next to it where YAWL allows
 * (a choice after "approve" becomes approve's XOR split), leaving routing tasks only where needed.
 */
import type { Condition, Step, TaskStep } from './planner/plan.js';

export type Code = 'and' | 'xor';

export interface Edge {
  to: string;
  predicate?: Condition;
  /** The predicate's negation is taken: a loop's back edge runs while its condition does not hold. */
  negate?: boolean;
  ordering?: number;
  isDefault?: boolean;
}

export interface NetNode {
  id: string;
  kind: 'input' | 'output' | 'atomic' | 'route';
  name?: string;
  join: Code;
  split: Code;
  edges: Edge[];
  task?: TaskStep;
}

export class NetGraph {
  readonly nodes = new Map<string, NetNode>();

  constructor(
    readonly inputId: string,
    readonly outputId: string,
    private readonly uniqueId: (base: string) => string,
  ) {
    this.nodes.set(inputId, { id: inputId, kind: 'input', join: 'xor', split: 'and', edges: [] });
    this.nodes.set(outputId, { id: outputId, kind: 'output', join: 'xor', split: 'and', edges: [] });
  }

  private add(node: NetNode): NetNode {
    this.nodes.set(node.id, node);
    return node;
  }

  private route(name: string, join: Code, split: Code): NetNode {
    return this.add({ id: this.uniqueId(name.replace(/\s+/g, '')), kind: 'route', name, join, split, edges: [] });
  }

  /** A flow from `from` to `to`; after an XOR split it is the split's default flow. */
  connect(from: string, to: string): void {
    const source = this.nodes.get(from)!;
    source.edges.push(source.split === 'xor' ? { to, isDefault: true } : { to });
  }

  /** Lays out `steps`; returns the entry and exit element ids, or undefined for no steps. */
  layout(steps: readonly Step[]): { entry: string; exit: string } | undefined {
    let entry: string | undefined;
    let exit: string | undefined;
    for (const step of steps) {
      const part = this.layoutStep(step);
      if (exit !== undefined) this.connect(exit, part.entry);
      entry ??= part.entry;
      exit = part.exit;
    }
    return entry !== undefined && exit !== undefined ? { entry, exit } : undefined;
  }

  private layoutStep(step: Step): { entry: string; exit: string } {
    switch (step.kind) {
      case 'task': {
        this.add({ id: step.id, kind: 'atomic', name: step.name, join: 'xor', split: 'and', edges: [], task: step });
        return { entry: step.id, exit: step.id };
      }
      case 'choice': {
        const split = this.route(`Route by ${step.branches[0]!.when.variable}`, 'xor', 'xor');
        const merge = this.route('Merge', 'xor', 'and');
        step.branches.forEach((branch, index) => {
          const part = this.layout(branch.steps)!;
          split.edges.push({ to: part.entry, predicate: branch.when, ordering: index });
          this.connect(part.exit, merge.id);
        });
        const otherwise = this.layout(step.otherwise);
        if (otherwise) {
          split.edges.push({ to: otherwise.entry, isDefault: true });
          this.connect(otherwise.exit, merge.id);
        } else {
          split.edges.push({ to: merge.id, isDefault: true });
        }
        return { entry: split.id, exit: merge.id };
      }
      case 'parallel': {
        const split = this.route('Split', 'xor', 'and');
        const join = this.route('Join', 'and', 'and');
        for (const branch of step.branches) {
          const part = this.layout(branch)!;
          split.edges.push({ to: part.entry });
          this.connect(part.exit, join.id);
        }
        return { entry: split.id, exit: join.id };
      }
      case 'loop': {
        const start = this.route('Loop', 'xor', 'and');
        const check = this.route(`Check ${step.until.variable}`, 'xor', 'xor');
        const body = this.layout(step.body)!;
        start.edges.push({ to: body.entry });
        this.connect(body.exit, check.id);
        check.edges.push({ to: start.id, predicate: step.until, negate: true, ordering: 0 });
        return { entry: start.id, exit: check.id };
      }
    }
  }

  private incoming(id: string): { from: NetNode; edge: Edge }[] {
    return [...this.nodes.values()].flatMap((from) => from.edges.filter((edge) => edge.to === id).map((edge) => ({ from, edge })));
  }

  /** Moves routing onto neighbouring atomic tasks until nothing more can move. */
  fold(): void {
    for (let changed = true; changed; ) {
      changed = false;
      for (const node of [...this.nodes.values()]) {
        if (node.kind !== 'route') continue;
        const into = this.incoming(node.id);
        // A split: onto the one task that leads into it and nowhere else.
        const only = into.length === 1 ? into[0]! : undefined;
        if (only && only.from.kind === 'atomic' && only.from.edges.length === 1 && only.from.split === 'and' && !only.edge.predicate && !only.from.task?.forEach) {
          only.from.split = node.split;
          only.from.edges = node.edges;
          this.nodes.delete(node.id);
          changed = true;
          continue;
        }
        // A join: onto the one task it leads to, when that task has no other way in.
        const next = node.edges.length === 1 && node.split === 'and' ? this.nodes.get(node.edges[0]!.to) : undefined;
        if (next && next.kind === 'atomic' && next.id !== node.id && this.incoming(next.id).length === 1 && into.every(({ from }) => from.id !== node.id)) {
          next.join = node.join;
          for (const { edge } of into) edge.to = next.id;
          this.nodes.delete(node.id);
          changed = true;
        }
      }
    }
  }
}
