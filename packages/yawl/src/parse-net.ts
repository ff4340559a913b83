/**
 * Parses a net's process control elements. Flows are resolved after every element is read, since
 * a flow may point forward; a task-to-task flow gets YAWL's implicit condition `c{From_To}`.
 * Element ids are unique within their net, as YAWL's schema keys them (NetElementKey_Inner on
 * each decomposition): another net may use the same ids (InputCondition, a task id).
 */
import { type Condition, type Flow, type NetDecomposition, type NetElement, type Task } from './model.js';
import { type ParseContext, yawlChild, yawlChildren, yawlText, yawlTrimmed } from './parse-context.js';
import { parseTaskDetails } from './parse-task.js';
import { type Element, XSI_NAMESPACE, attr, localPart } from './xml.js';

export type NetFields = Omit<NetDecomposition, 'inputConditionId' | 'outputConditionId' | 'elements'>;

/** The id YAWL gives the condition it puts between two directly connected tasks. */
export function implicitConditionId(from: string, to: string): string {
  return `c{${from}_${to}}`;
}

const ROLES = { inputCondition: 'input', outputCondition: 'output', condition: 'plain' } as const;

export function parseNet(context: ParseContext, element: Element, fields: NetFields): NetDecomposition {
  const net: NetDecomposition = { ...fields, inputConditionId: '', outputConditionId: '', elements: {} };
  const seenIds = new Set<string>();
  const controls = yawlChild(element, 'processControlElements');
  if (controls === undefined) {
    context.error(net.id, 'MISSING_ELEMENT', `Net "${net.id}" has no processControlElements`);
    return net;
  }
  const parsed: NetElement[] = [];
  for (const child of yawlChildren(controls)) {
    const id = attr(child, 'id') ?? '';
    if (id === '') {
      context.error(net.id, 'MISSING_ATTRIBUTE', `An element of net "${net.id}" has no id`);
      continue;
    }
    if (seenIds.has(id)) {
      context.error(id, 'DUPLICATE_ID', `Element id "${id}" is used twice in net "${net.id}"`, net.id);
      continue;
    }
    seenIds.add(id);
    const flows = yawlChildren(child, 'flowsInto').map((flow) => parseFlow(context, id, flow));
    if (child.localName === 'task') {
      parsed.push(parseTask(context, child, id, flows));
    } else if (child.localName in ROLES) {
      const role = ROLES[child.localName as keyof typeof ROLES];
      const condition: Condition = { kind: 'condition', id, role, implicit: false, flows };
      const name = yawlText(child, 'name');
      if (name !== undefined) condition.name = name;
      parsed.push(condition);
      if (role === 'input' && net.inputConditionId === '') net.inputConditionId = id;
      if (role === 'output' && net.outputConditionId === '') net.outputConditionId = id;
    } else {
      context.error(id, 'UNSUPPORTED_ELEMENT', `Unknown net element <${child.localName}>`);
    }
  }
  const tasks = new Set(parsed.filter((item) => item.kind === 'task').map((item) => item.id));
  for (const item of parsed) {
    net.elements[item.id] = item;
    if (item.kind !== 'task') continue;
    // Direct task-to-task flows are rerouted through a generated condition, placed after the task.
    item.flows = item.flows.map((flow) => {
      if (!tasks.has(flow.to)) return flow;
      const conditionId = implicitConditionId(item.id, flow.to);
      if (net.elements[conditionId] === undefined && !seenIds.has(conditionId)) {
        net.elements[conditionId] = {
          kind: 'condition',
          id: conditionId,
          role: 'plain',
          implicit: true,
          flows: [{ to: flow.to, isDefault: false }],
        };
      }
      return { ...flow, to: conditionId };
    });
  }
  return net;
}

function parseFlow(context: ParseContext, sourceId: string, element: Element): Flow {
  const ref = yawlChild(element, 'nextElementRef');
  const to = ref === undefined ? '' : (attr(ref, 'id') ?? '');
  if (to === '') context.error(sourceId, 'MISSING_ELEMENT', `A flow of "${sourceId}" has no nextElementRef id`);
  const flow: Flow = { to, isDefault: yawlChild(element, 'isDefaultFlow') !== undefined };
  const predicate = yawlChild(element, 'predicate');
  if (predicate !== undefined) {
    flow.predicate = predicate.textContent ?? '';
    const ordering = attr(predicate, 'ordering');
    if (ordering !== undefined) {
      const value = Number(ordering);
      if (!Number.isInteger(value) || ordering.trim() === '') {
        context.error(sourceId, 'INVALID_VALUE', `Predicate ordering "${ordering}" on the flow to "${to}" is not an integer`);
      } else {
        flow.ordering = value;
      }
    }
  }
  return flow;
}

const CODES = ['and', 'xor', 'or'] as const;

function parseCode(context: ParseContext, element: Element, which: 'join' | 'split', id: string): Task['join'] {
  const child = yawlChild(element, which);
  const code = child === undefined ? undefined : attr(child, 'code');
  const known = CODES.find((candidate) => candidate === code);
  if (known === undefined) {
    context.error(id, 'INVALID_VALUE', `Task "${id}" has ${which} code "${code ?? ''}", expected and, xor or or`);
    return 'and';
  }
  return known;
}

function parseTask(context: ParseContext, element: Element, id: string, flows: Flow[]): Task {
  const task: Task = {
    kind: 'task',
    id,
    join: parseCode(context, element, 'join', id),
    split: parseCode(context, element, 'split', id),
    flows,
    removesTokens: yawlChildren(element, 'removesTokens').map((child) => attr(child, 'id') ?? ''),
    removesTokensFromFlow: yawlChildren(element, 'removesTokensFromFlow').map((child) => ({
      from: refId(child, 'flowSource'),
      to: refId(child, 'flowDestination'),
    })),
    startingMappings: [],
    completedMappings: [],
  };
  const name = yawlText(element, 'name');
  if (name !== undefined) task.name = name;
  const documentation = yawlText(element, 'documentation');
  if (documentation !== undefined) task.documentation = documentation;
  const decomposesTo = yawlChild(element, 'decomposesTo');
  if (decomposesTo !== undefined) task.decomposesTo = attr(decomposesTo, 'id') ?? '';
  const xsiType = localPart(element.getAttributeNS(XSI_NAMESPACE, 'type') ?? '');
  const isMultiInstance = xsiType === 'MultipleInstanceExternalTaskFactsType';
  if (xsiType !== '' && xsiType !== 'ExternalTaskFactsType' && !isMultiInstance) {
    context.error(id, 'UNSUPPORTED_TASK_TYPE', `Task "${id}" has unsupported xsi:type "${xsiType}"`);
  }
  parseTaskDetails(context, element, task, isMultiInstance);
  return task;
}

function refId(element: Element, childName: string): string {
  const child = yawlChild(element, childName);
  return child === undefined ? '' : (attr(child, 'id') ?? yawlTrimmed(element, childName) ?? '');
}
