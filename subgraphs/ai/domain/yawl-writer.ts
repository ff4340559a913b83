/**
 * Writes a Plan as a YAWL 4.0 specificationSet: one root net, an atomic decomposition per task
 * with typed input and output parameters, starting and completed mappings to net variables,
 * XOR-split predicates in XPath on the case data, AND splits and joins, loops as XOR splits
 * flowing back, multiple-instance tasks over list variables, OnEnabled timers, and offers to roles.
 */
import { NetGraph, type Edge, type NetNode } from './net-graph.js';
import { pascal } from './planner/clauses.js';
import type { Condition, Plan, PlanVariable, TaskStep, ValueType } from './planner/plan.js';

const YAWL_NS = 'http://www.yawlfoundation.org/yawlschema';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const XSD_NS = 'http://www.w3.org/2001/XMLSchema';

export interface WriteOptions {
  /** metaData/identifier: YAWL's id of the specification across versions. */
  identifier: string;
  description?: string;
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const typeName = (type: ValueType): string => (typeof type === 'string' ? type : `${type.list}ListType`);

const initialValue = (type: ValueType): string => (type === 'boolean' ? 'false' : type === 'long' || type === 'double' ? '0' : '');

function variableXml(tag: string, index: number, variable: PlanVariable, extra = ''): string {
  return `<${tag}><index>${index}</index><name>${variable.name}</name><type>${typeName(variable.type)}</type><namespace>${XSD_NS}</namespace>${extra}</${tag}>`;
}

function predicateXPath(netId: string, condition: Condition, negate: boolean): string {
  const path = `/${netId}/${condition.variable}`;
  const test = condition.op === '=' ? `${path} = '${String(condition.value)}'` : `number(${path}) ${condition.op} ${condition.value}`;
  return negate ? `not(${test})` : test;
}

function flowXml(netId: string, edge: Edge): string {
  const predicate = edge.predicate ? `<predicate ordering="${edge.ordering ?? 0}">${escapeXml(predicateXPath(netId, edge.predicate, edge.negate ?? false))}</predicate>` : '';
  return `<flowsInto><nextElementRef id="${edge.to}"/>${predicate}${edge.isDefault ? '<isDefaultFlow/>' : ''}</flowsInto>`;
}

const mappingXml = (expression: string, mapsTo: string): string => `<mapping><expression query="${escapeXml(expression)}"/><mapsTo>${mapsTo}</mapsTo></mapping>`;

function resourcingXml(task: TaskStep): string {
  const offer = task.role
    ? `<offer initiator="system"><distributionSet><initialSet><role>${task.role}</role></initialSet></distributionSet></offer>`
    : '<offer initiator="user"/>';
  return `<resourcing>${offer}<allocate initiator="user"/><start initiator="user"/></resourcing>`;
}

function taskXml(netId: string, node: NetNode, variables: Map<string, PlanVariable>): string {
  const flows = node.edges.map((edge) => flowXml(netId, edge)).join('');
  const head = `<name>${escapeXml(node.name ?? node.id)}</name>${flows}<join code="${node.join}"/><split code="${node.split}"/>`;
  const task = node.task;
  if (!task) return `<task id="${node.id}">${head}</task>`;
  const starting = task.consumes.map((name) => mappingXml(`<${name}>{/${netId}/${name}/text()}</${name}>`, name));
  if (task.forEach) starting.push(mappingXml(`/${netId}/${task.forEach.list}`, task.forEach.item));
  // A list's items are elements; a scalar's value is text.
  const completed = task.produces.map((name) => mappingXml(`<${name}>{/${task.id}/${name}/${typeof variables.get(name)?.type === 'object' ? '*' : 'text()'}}</${name}>`, name));
  const body = [
    starting.length ? `<startingMappings>${starting.join('')}</startingMappings>` : '',
    completed.length && !task.forEach ? `<completedMappings>${completed.join('')}</completedMappings>` : '',
    task.deadline ? `<timer><trigger>OnEnabled</trigger><duration>${task.deadline}</duration></timer>` : '',
    resourcingXml(task),
    `<decomposesTo id="${task.id}"/>`,
  ].join('');
  if (!task.forEach) return `<task id="${node.id}">${head}${body}</task>`;
  const { list, item, results } = task.forEach;
  const mi = [
    '<minimum>1</minimum><maximum>100</maximum><threshold>100</threshold><creationMode code="static"/>',
    `<miDataInput><expression query="${escapeXml(`/${netId}/${list}`)}"/><splittingExpression query="${escapeXml(`for $i in /${list}/${item} return $i`)}"/><formalInputParam>${item}</formalInputParam></miDataInput>`,
    `<miDataOutput><formalOutputExpression query="${escapeXml(`/${task.id}/${item}`)}"/><outputJoiningExpression query="${escapeXml(`<${results}>{for $r in /${task.id}/${item} return $r}</${results}>`)}"/><resultAppliedToLocalVariable>${results}</resultAppliedToLocalVariable></miDataOutput>`,
  ].join('');
  return `<task id="${node.id}" xsi:type="MultipleInstanceExternalTaskFactsType">${head}${body}${mi}</task>`;
}

function decompositionXml(task: TaskStep, variables: Map<string, PlanVariable>): string {
  const inputs = task.consumes.map((name) => variables.get(name)!);
  const outputs = task.produces.map((name) => variables.get(name)!);
  if (task.forEach) {
    inputs.push({ name: task.forEach.item, type: 'string' });
    outputs.push({ name: task.forEach.item, type: 'string' });
  }
  const params = [...inputs.map((v, i) => variableXml('inputParam', i, v)), ...outputs.map((v, i) => variableXml('outputParam', i, v))].join('');
  return `<decomposition id="${task.id}" xsi:type="WebServiceGatewayFactsType"><name>${escapeXml(task.name)}</name>${params}<externalInteraction>manual</externalInteraction></decomposition>`;
}

function schemaXml(variables: readonly PlanVariable[]): string {
  const lists = [...new Set(variables.flatMap((v) => (typeof v.type === 'string' ? [] : [v.type.list])))];
  const types = lists.map(
    (item) => `<xs:complexType name="${item}ListType"><xs:sequence><xs:element name="${item}" type="xs:string" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType>`,
  );
  return `<xs:schema xmlns:xs="${XSD_NS}">${types.join('')}</xs:schema>`;
}

/** The plan as a YAWL 4.0 specificationSet document. */
export function writeYawl(plan: Plan, options: WriteOptions): string {
  const taken = new Set<string>();
  const collect = (steps: Plan['steps']): void => {
    for (const step of steps) {
      if (step.kind === 'task') taken.add(step.id);
      else if (step.kind === 'choice') {
        step.branches.forEach((branch) => collect(branch.steps));
        collect(step.otherwise);
      } else if (step.kind === 'parallel') step.branches.forEach(collect);
      else collect(step.body);
    }
  };
  collect(plan.steps);
  const uniqueId = (base: string): string => {
    let id = /^[A-Za-z_]/.test(base) ? base : `N${base}`;
    for (let n = 2; taken.has(id); n++) id = `${base}${n}`;
    taken.add(id);
    return id;
  };
  const netId = uniqueId(pascal(plan.title.toLowerCase()).slice(0, 60) || 'Workflow');
  const graph = new NetGraph(uniqueId(`${netId}_Start`), uniqueId(`${netId}_End`), uniqueId);
  const body = graph.layout(plan.steps);
  if (!body) throw new Error('a plan without steps cannot be written');
  graph.connect(graph.inputId, body.entry);
  graph.connect(body.exit, graph.outputId);
  graph.fold();
  const variables = new Map(plan.variables.map((v) => [v.name, v]));
  const elements = [...graph.nodes.values()].filter((node) => node.kind !== 'output');
  const netElements = [
    ...elements.map((node) => (node.kind === 'input' ? `<inputCondition id="${node.id}">${node.edges.map((edge) => flowXml(netId, edge)).join('')}</inputCondition>` : taskXml(netId, node, variables))),
    `<outputCondition id="${graph.outputId}"/>`,
  ].join('');
  const locals = plan.variables.map((v, i) => variableXml('localVariable', i, v, `<initialValue>${initialValue(v.type)}</initialValue>`)).join('');
  const tasks = elements.flatMap((node) => (node.task ? [node.task] : []));
  return `<?xml version="1.0" encoding="UTF-8"?>
<specificationSet xmlns="${YAWL_NS}" xmlns:xsi="${XSI_NS}" version="4.0">
<specification uri="${netId}">
<metaData><title>${escapeXml(plan.title)}</title><creator>Flowgraph AI</creator>${options.description ? `<description>${escapeXml(options.description)}</description>` : ''}<version>0.1</version><persistent>false</persistent><identifier>${options.identifier}</identifier></metaData>
${schemaXml(plan.variables)}
<decomposition id="${netId}" isRootNet="true" xsi:type="NetFactsType">${locals}<processControlElements>${netElements}</processControlElements></decomposition>
${tasks.map((task) => decompositionXml(task, variables)).join('\n')}
</specification>
</specificationSet>
`;
}
