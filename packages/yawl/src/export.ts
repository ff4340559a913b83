/**
 * Writes a specification set back to YAWL XML (4.0 element order), folding implicit conditions
 * back into direct task-to-task flows so the output re-parses to an equal model. Layout and the
 * constructs the model does not keep (see the parse warnings) are not written.
 */
import {
  type Condition,
  type Decomposition,
  type Flow,
  type Mapping,
  type NetDecomposition,
  type Specification,
  type SpecificationSet,
  type Task,
  type Variable,
  XSD_NAMESPACE,
  YAWL_NAMESPACE,
} from './model.js';
import { XSI_NAMESPACE, escapeAttribute, escapeText } from './xml.js';

/** An element as lines relative to its own indentation; absent parts are skipped. */
type Part = string[] | undefined | false;

function attrs(attributes: Record<string, string | undefined>): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
}

function node(tag: string, attributes: Record<string, string | undefined>, children: Part[]): string[] {
  const inner = children.flatMap((child) => (child === undefined || child === false ? [] : child));
  if (inner.length === 0) return [`<${tag}${attrs(attributes)}/>`];
  return [`<${tag}${attrs(attributes)}>`, ...inner.map((line) => `  ${line}`), `</${tag}>`];
}

function leaf(tag: string, value: string | undefined, attributes: Record<string, string | undefined> = {}): Part {
  return value === undefined ? undefined : [`<${tag}${attrs(attributes)}>${escapeText(value)}</${tag}>`];
}

export function exportSpecificationSet(set: SpecificationSet): string {
  const root = node('specificationSet', { xmlns: YAWL_NAMESPACE, 'xmlns:xsi': XSI_NAMESPACE, version: set.schemaVersion },
    set.specifications.map(exportSpecification));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root.join('\n')}\n`;
}

function exportSpecification(spec: Specification): string[] {
  const meta = spec.meta;
  return node('specification', { uri: spec.uri }, [
    leaf('name', spec.name),
    leaf('documentation', spec.documentation),
    node('metaData', {}, [
      leaf('title', meta.title),
      ...(meta.creator ?? []).map((creator) => leaf('creator', creator)),
      leaf('description', meta.description),
      leaf('version', meta.version),
      leaf('persistent', meta.persistent === undefined ? undefined : String(meta.persistent)),
      leaf('identifier', meta.identifier),
    ]),
    // The schema is kept as serialized XML, so it is written verbatim.
    [`<xs:schema xmlns:xs="${XSD_NAMESPACE}">${spec.schema}</xs:schema>`],
    ...Object.values(spec.decompositions).map(exportDecomposition),
  ]);
}

function exportVariable(tag: string, variable: Variable): string[] {
  return node(tag, {}, [
    leaf('index', String(variable.index)),
    leaf('name', variable.name),
    leaf('type', variable.type),
    leaf('namespace', variable.namespace),
    leaf('initialValue', variable.initialValue),
    leaf('defaultValue', variable.defaultValue),
    variable.mandatory === true && ['<mandatory/>'],
    leaf('documentation', variable.documentation),
  ]);
}

function exportDecomposition(decomposition: Decomposition): string[] {
  const isNet = decomposition.kind === 'net';
  return node('decomposition', {
    id: decomposition.id,
    isRootNet: isNet && decomposition.isRootNet ? 'true' : undefined,
    'xsi:type': isNet ? 'NetFactsType' : 'WebServiceGatewayFactsType',
  }, [
    leaf('name', decomposition.name),
    leaf('documentation', decomposition.documentation),
    ...decomposition.inputParams.map((v) => exportVariable('inputParam', v)),
    ...decomposition.outputParams.map((v) => exportVariable('outputParam', v)),
    ...(isNet
      ? [...decomposition.localVariables.map((v) => exportVariable('localVariable', v)), exportNet(decomposition)]
      : [leaf('codelet', decomposition.codelet), leaf('externalInteraction', decomposition.externalInteraction)]),
  ]);
}

/** An implicit condition that can be folded away: exactly one flow onward. */
function foldable(net: NetDecomposition, id: string): Condition | undefined {
  const element = net.elements[id];
  return element?.kind === 'condition' && element.implicit && element.flows.length === 1 ? element : undefined;
}

function exportFlow(net: NetDecomposition, flow: Flow): string[] {
  const to = foldable(net, flow.to)?.flows[0]?.to ?? flow.to;
  return node('flowsInto', {}, [
    node('nextElementRef', { id: to }, []),
    leaf('predicate', flow.predicate, { ordering: flow.ordering === undefined ? undefined : String(flow.ordering) }),
    flow.isDefault && ['<isDefaultFlow/>'],
  ]);
}

function exportNet(net: NetDecomposition): string[] {
  const elements = Object.values(net.elements).filter((e) => !(e.kind === 'condition' && foldable(net, e.id) !== undefined));
  // The schema wants the input condition first and the output condition last.
  const ordered = [
    ...elements.filter((e) => e.kind === 'condition' && e.role === 'input'),
    ...elements.filter((e) => !(e.kind === 'condition' && e.role !== 'plain')),
    ...elements.filter((e) => e.kind === 'condition' && e.role === 'output'),
  ];
  return node('processControlElements', {}, ordered.map((element) => {
    if (element.kind === 'task') return exportTask(net, element);
    const tag = element.role === 'input' ? 'inputCondition' : element.role === 'output' ? 'outputCondition' : 'condition';
    return node(tag, { id: element.id }, [leaf('name', element.name), ...element.flows.map((flow) => exportFlow(net, flow))]);
  }));
}

function mappings(tag: string, list: Mapping[]): Part {
  return list.length > 0 && node(tag, {}, list.map((m) =>
    node('mapping', {}, [node('expression', { query: m.expression }, []), leaf('mapsTo', m.mapsTo)])));
}

function exportTimer(task: Task): Part {
  const timer = task.timer;
  if (timer === undefined) return undefined;
  // A netparam timer carries its trigger in the variable; the schema allows nothing beside it.
  if (timer.netParam !== undefined) return node('timer', {}, [leaf('netparam', timer.netParam)]);
  return node('timer', {}, [leaf('trigger', timer.trigger), leaf('expiry', timer.expiry), leaf('duration', timer.duration)]);
}

function exportResourcing(task: Task): Part {
  const res = task.resourcing;
  if (res === undefined) return undefined;
  const { roles, participants } = res.offer;
  return node('resourcing', {}, [
    node('offer', { initiator: res.offer.initiator }, [
      roles.length + participants.length > 0 && node('distributionSet', {}, [
        node('initialSet', {}, [...participants.map((p) => leaf('participant', p)), ...roles.map((r) => leaf('role', r))]),
      ]),
    ]),
    node('allocate', { initiator: res.allocate.initiator }, []),
    node('start', { initiator: res.start.initiator }, []),
    exportPrivileges(res),
  ]);
}

function exportPrivileges(res: NonNullable<Task['resourcing']>): Part {
  const grant = res.privileges?.canSkip;
  if (grant === undefined) return undefined;
  return node('privileges', {}, [
    node('privilege', {}, [
      leaf('name', 'canSkip'),
      grant.all
        ? leaf('allowall', 'true')
        : node('set', {}, [...grant.participants.map((p) => leaf('participant', p)), ...grant.roles.map((r) => leaf('role', r))]),
    ]),
  ]);
}

function exportMultiInstance(task: Task): Part[] {
  const mi = task.multiInstance;
  if (mi === undefined) return [];
  return [
    leaf('minimum', mi.minimum),
    leaf('maximum', mi.maximum),
    leaf('threshold', mi.threshold),
    node('creationMode', { code: mi.creationMode }, []),
    node('miDataInput', {}, [
      node('expression', { query: mi.input.expression }, []),
      node('splittingExpression', { query: mi.input.splittingExpression }, []),
      leaf('formalInputParam', mi.input.formalInputParam),
    ]),
    mi.output !== undefined && node('miDataOutput', {}, [
      node('formalOutputExpression', { query: mi.output.formalOutputExpression }, []),
      node('outputJoiningExpression', { query: mi.output.outputJoiningExpression }, []),
      leaf('resultAppliedToLocalVariable', mi.output.resultAppliedToLocalVariable),
    ]),
  ];
}

function exportTask(net: NetDecomposition, task: Task): string[] {
  return node('task', { id: task.id, 'xsi:type': task.multiInstance === undefined ? undefined : 'MultipleInstanceExternalTaskFactsType' }, [
    leaf('name', task.name),
    leaf('documentation', task.documentation),
    ...task.flows.map((flow) => exportFlow(net, flow)),
    node('join', { code: task.join }, []),
    node('split', { code: task.split }, []),
    ...task.removesTokens.map((id) => node('removesTokens', { id }, [])),
    ...task.removesTokensFromFlow.map(({ from, to }) =>
      node('removesTokensFromFlow', {}, [node('flowSource', { id: from }, []), node('flowDestination', { id: to }, [])])),
    mappings('startingMappings', task.startingMappings),
    mappings('completedMappings', task.completedMappings),
    exportTimer(task),
    exportResourcing(task),
    task.decomposesTo !== undefined && node('decomposesTo', { id: task.decomposesTo }, []),
    ...exportMultiInstance(task),
  ]);
}
