/**
 * Checks a parsed specification against YAWL's structural rules: root net, input/output
 * conditions, reachability, flows, splits and cancellation sets. Data-related rules live in
 * verify-data.ts. Every issue names the offending element and carries a stable code.
 */
import { type NetDecomposition, type Specification, type Task, type VerificationIssue } from './model.js';
import { implicitConditionId } from './parse-net.js';
import { addInNet, verifyData } from './verify-data.js';
import { verifyExpressionBounds } from './expression-bounds.js';
import { xpathSyntaxError } from './xpath.js';

export function verifySpecification(spec: Specification): VerificationIssue[] {
  const issues: VerificationIssue[] = [];
  const add: AddIssue = (severity, elementId, code, message, netId) => {
    issues.push({ severity, elementId, code, message, ...(netId === undefined ? {} : { netId }) });
  };
  const roots = Object.values(spec.decompositions).filter((d) => d.kind === 'net' && d.isRootNet);
  if (roots.length !== 1) {
    add('error', spec.uri, 'ROOT_NET_COUNT', `Specification "${spec.uri}" has ${roots.length} root nets, expected exactly one`);
  } else if (roots[0]?.id !== spec.rootNetId) {
    add('error', spec.uri, 'ROOT_NET_COUNT', `rootNetId "${spec.rootNetId}" is not the net marked isRootNet`);
  }
  for (const decomposition of Object.values(spec.decompositions)) {
    if (decomposition.kind === 'net') verifyNet(decomposition, addInNet(add, decomposition));
  }
  verifyData(spec, add);
  verifyExpressionBounds(spec, add);
  return issues;
}

/** Records an issue; `netId` names the net of a task or condition, whose id is unique only within it. */
export type AddIssue = (severity: VerificationIssue['severity'], elementId: string, code: string, message: string, netId?: string) => void;

function verifyNet(net: NetDecomposition, add: AddIssue): void {
  const elements = Object.values(net.elements);
  const inputs = elements.filter((e) => e.kind === 'condition' && e.role === 'input');
  const outputs = elements.filter((e) => e.kind === 'condition' && e.role === 'output');
  if (inputs.length !== 1) add('error', net.id, 'INPUT_CONDITION_COUNT', `Net "${net.id}" has ${inputs.length} input conditions, expected one`);
  if (outputs.length !== 1) add('error', net.id, 'OUTPUT_CONDITION_COUNT', `Net "${net.id}" has ${outputs.length} output conditions, expected one`);

  const incoming = new Map<string, string[]>();
  for (const element of elements) {
    for (const flow of element.flows) {
      const target = net.elements[flow.to];
      if (target === undefined) {
        add('error', element.id, 'UNKNOWN_ELEMENT', `"${element.id}" flows into "${flow.to}", which is not an element of net "${net.id}"`);
        continue;
      }
      incoming.set(flow.to, [...(incoming.get(flow.to) ?? []), element.id]);
      if (element.kind === 'condition' && target.kind === 'condition') {
        add('error', element.id, 'CONDITION_TO_CONDITION', `Condition "${element.id}" flows straight into condition "${flow.to}"`);
      }
      if (element.kind === 'condition' && (flow.predicate !== undefined || flow.isDefault)) {
        add('error', element.id, 'PREDICATE_ON_CONDITION', `Condition "${element.id}" has a predicate or default flow; only task splits do`);
      }
    }
  }
  for (const input of inputs) {
    if (incoming.has(input.id)) add('error', input.id, 'INPUT_CONDITION_HAS_INCOMING', `Input condition "${input.id}" has incoming flows`);
  }
  for (const output of outputs) {
    if (output.flows.length > 0) add('error', output.id, 'OUTPUT_CONDITION_HAS_OUTGOING', `Output condition "${output.id}" has outgoing flows`);
  }
  if (inputs.length === 1 && outputs.length === 1) verifyPaths(net, inputs[0]!.id, outputs[0]!.id, incoming, add);
  for (const element of elements) {
    if (element.kind === 'task') {
      verifySplit(element, add);
      verifyCancellation(net, element, add);
    }
  }
}

/** Every element must lie on a path from the input to the output condition. */
function verifyPaths(net: NetDecomposition, inputId: string, outputId: string, incoming: Map<string, string[]>, add: AddIssue): void {
  const forward = reach(inputId, (id) => (net.elements[id]?.flows ?? []).map((flow) => flow.to));
  const backward = reach(outputId, (id) => incoming.get(id) ?? []);
  for (const element of Object.values(net.elements)) {
    if (!forward.has(element.id)) {
      add('error', element.id, 'UNREACHABLE', `"${element.id}" cannot be reached from input condition "${inputId}"`);
    } else if (!backward.has(element.id)) {
      add('error', element.id, 'DEAD_END', `No path leads from "${element.id}" to output condition "${outputId}"`);
    }
  }
}

function reach(start: string, next: (id: string) => string[]): Set<string> {
  const seen = new Set([start]);
  const queue = [start];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const to of next(id)) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
}

function verifySplit(task: Task, add: AddIssue): void {
  for (const flow of task.flows) {
    if (flow.predicate === undefined) continue;
    const error = xpathSyntaxError(flow.predicate);
    if (error !== undefined) add('error', task.id, 'XPATH_INVALID', `Predicate on the flow to "${flow.to}" is not valid XPath: ${error}`);
  }
  if (task.split === 'and') {
    if (task.flows.some((flow) => flow.predicate !== undefined)) {
      add('error', task.id, 'PREDICATE_ON_AND_SPLIT', `AND-split task "${task.id}" has predicates on its flows`);
    }
    if (task.flows.some((flow) => flow.isDefault)) {
      add('error', task.id, 'DEFAULT_FLOW_ON_AND_SPLIT', `AND-split task "${task.id}" has a default flow`);
    }
    return;
  }
  verifyOrderings(task, add);
  const defaults = task.flows.filter((flow) => flow.isDefault);
  if (defaults.length > 1) {
    add('error', task.id, 'MULTIPLE_DEFAULT_FLOWS', `Task "${task.id}" has ${defaults.length} default flows`);
  }
  if (task.flows.length <= 1) return;
  if (defaults.length === 0) {
    const code = task.split === 'xor' ? 'XOR_SPLIT_NO_DEFAULT' : 'OR_SPLIT_NO_DEFAULT';
    add('error', task.id, code, `${task.split.toUpperCase()}-split task "${task.id}" has no default flow`);
  }
  for (const flow of task.flows) {
    // YAWL evaluates every OR-split predicate, the default flow's too; an XOR default is the fallback.
    if (flow.predicate === undefined && (!flow.isDefault || task.split === 'or')) {
      add('error', task.id, 'MISSING_PREDICATE', `The ${flow.isDefault ? 'default ' : ''}flow from "${task.id}" to "${flow.to}" needs a predicate`);
    }
    // YFlow.verify: an XOR flow is either a predicate or the default, never both, since the
    // default's predicate would never be evaluated and only mislead whoever reads it.
    if (task.split === 'xor' && flow.isDefault && flow.predicate !== undefined) {
      add('error', task.id, 'XOR_DEFAULT_FLOW_WITH_PREDICATE', `The default flow from XOR-split "${task.id}" to "${flow.to}" has a predicate; an XOR-split flow is either a predicate or the default, not both`);
    }
  }
}

/**
 * Predicate orderings, as YAWL's YFlow.verify has them: an XOR-split evaluates its predicates one
 * by one in `ordering` order, so each needs a distinct ordering (the default flow is the fallback
 * and has none to need); an OR-split evaluates all of them, so an ordering there is an error.
 */
function verifyOrderings(task: Task, add: AddIssue): void {
  const seen = new Map<number, string>();
  for (const flow of task.flows) {
    if (flow.predicate === undefined) continue;
    if (task.split === 'or') {
      if (flow.ordering !== undefined) {
        add('error', task.id, 'ORDERING_ON_OR_SPLIT', `The flow from OR-split "${task.id}" to "${flow.to}" has a predicate ordering; OR-split predicates are all evaluated, unordered`);
      }
      continue;
    }
    if (flow.isDefault) continue;
    if (flow.ordering === undefined) {
      add('error', task.id, 'MISSING_ORDERING', `The predicate on the flow from XOR-split "${task.id}" to "${flow.to}" has no ordering`);
      continue;
    }
    const other = seen.get(flow.ordering);
    if (other !== undefined) {
      add('error', task.id, 'DUPLICATE_ORDERING', `Flows to "${other}" and "${flow.to}" share predicate ordering ${flow.ordering}`);
    }
    seen.set(flow.ordering, flow.to);
  }
}

function verifyCancellation(net: NetDecomposition, task: Task, add: AddIssue): void {
  for (const id of task.removesTokens) {
    const target = net.elements[id];
    if (target === undefined) {
      add('error', task.id, 'CANCELLATION_UNKNOWN_ELEMENT', `Cancellation set of "${task.id}" names "${id}", not an element of net "${net.id}"`);
    } else if (target.kind === 'condition' && target.role !== 'plain') {
      add('error', task.id, 'CANCELLATION_OF_IO_CONDITION', `Cancellation set of "${task.id}" includes ${target.role} condition "${id}"`);
    }
  }
  for (const { from, to } of task.removesTokensFromFlow) {
    const condition = net.elements[implicitConditionId(from, to)];
    if (condition?.kind !== 'condition' || !condition.implicit) {
      add('error', task.id, 'CANCELLATION_UNKNOWN_ELEMENT', `Cancellation set of "${task.id}" names flow ${from} -> ${to}, not a task-to-task flow of net "${net.id}"`);
    }
  }
}
