/**
 * Data-side verification: decompositions and recursion, mappings and their targets, multiple
 * instance bounds, timers, variable types, and the syntax of every XQuery expression.
 */
import { type Decomposition, type NetDecomposition, type Specification, type Task, type Variable } from './model.js';
import type { AddIssue } from './verify.js';
import { TIMER_RECORD_TYPE, readTimerRecord } from './timer-record.js';
import { childElements, localPart, parseXml, textOf } from './xml.js';
import { type TypeTable, isIsoDateTime, isIsoDuration, isKnownType, readSchema } from './xsd-types.js';
import { xquerySyntaxError } from './xpath.js';

/** `add` for issues found inside `net`: those naming one of its elements say which net it is in. */
export function addInNet(add: AddIssue, net: NetDecomposition): AddIssue {
  return (severity, elementId, code, message, netId) => add(severity, elementId, code, message, netId ?? (Object.hasOwn(net.elements, elementId) ? net.id : undefined));
}

export function verifyData(spec: Specification, add: AddIssue): void {
  const schema = readSchema(spec.schema);
  if (!schema.ok) add('error', spec.uri, 'SCHEMA_INVALID', `The specification's schema does not parse: ${schema.message}`);
  const types: TypeTable | undefined = schema.ok ? schema.types : undefined;
  const used = new Set([spec.rootNetId]);
  for (const decomposition of Object.values(spec.decompositions)) {
    verifyVariables(decomposition, types, add);
    if (decomposition.kind === 'task' && decomposition.codelet !== undefined) {
      add('warning', decomposition.id, 'UNSUPPORTED_CODELET', `Codelet "${decomposition.codelet}" of "${decomposition.id}" cannot run; the engine treats it as a plain work item`);
    }
    if (decomposition.kind !== 'net') continue;
    for (const element of Object.values(decomposition.elements)) {
      if (element.kind !== 'task') continue;
      if (element.decomposesTo !== undefined) used.add(element.decomposesTo);
      verifyTask(spec, decomposition, element, addInNet(add, decomposition));
    }
  }
  verifyRecursion(spec, add);
  for (const id of Object.keys(spec.decompositions)) {
    if (!used.has(id)) add('warning', id, 'UNUSED_DECOMPOSITION', `Decomposition "${id}" is used by no task`);
  }
}

function verifyVariables(decomposition: Decomposition, types: TypeTable | undefined, add: AddIssue): void {
  const locals = decomposition.kind === 'net' ? decomposition.localVariables : [];
  const lists: [string, Variable[]][] = [['input parameter', decomposition.inputParams], ['output parameter', decomposition.outputParams], ['local variable', locals]];
  for (const [what, variables] of lists) {
    const names = new Set<string>();
    for (const variable of variables) {
      if (names.has(variable.name)) add('error', decomposition.id, 'DUPLICATE_VARIABLE', `${what} "${variable.name}" is declared twice in "${decomposition.id}"`);
      names.add(variable.name);
      if (types !== undefined && !isKnownType(variable.type, types)) {
        add('error', decomposition.id, 'UNKNOWN_TYPE', `${what} "${variable.name}" of "${decomposition.id}" has type "${variable.type}", neither built-in nor declared in the schema`);
      }
    }
  }
  // A net's variables share one data document, so a local may not shadow an input parameter.
  const inputs = new Set(decomposition.inputParams.map((v) => v.name));
  for (const local of locals) {
    if (inputs.has(local.name)) add('error', decomposition.id, 'DUPLICATE_VARIABLE', `local variable "${local.name}" shadows an input parameter of "${decomposition.id}"`);
  }
}

function netVariableNames(net: NetDecomposition): Set<string> {
  return new Set([...net.localVariables, ...net.inputParams, ...net.outputParams].map((v) => v.name));
}

function checkXQuery(elementId: string, what: string, expression: string, add: AddIssue): void {
  const error = xquerySyntaxError(expression);
  if (error !== undefined) add('error', elementId, 'XQUERY_INVALID', `${what} is not valid XQuery: ${error}`);
}

function verifyTask(spec: Specification, net: NetDecomposition, task: Task, add: AddIssue): void {
  const decomposition = task.decomposesTo === undefined ? undefined : spec.decompositions[task.decomposesTo];
  if (task.decomposesTo !== undefined && decomposition === undefined) {
    add('error', task.id, 'UNKNOWN_DECOMPOSITION', `Task "${task.id}" decomposes to "${task.decomposesTo}", which is not declared`);
  }
  if (decomposition?.id === net.id) add('error', task.id, 'RECURSIVE_NET', `Composite task "${task.id}" decomposes to its own net "${net.id}"`);
  const inputs = new Set((decomposition?.inputParams ?? []).map((v) => v.name));
  const netVariables = netVariableNames(net);
  const mapped = new Set<string>();
  for (const mapping of task.startingMappings) {
    checkXQuery(task.id, `Starting mapping to "${mapping.mapsTo}"`, mapping.expression, add);
    mapped.add(mapping.mapsTo);
    if (decomposition !== undefined && !inputs.has(mapping.mapsTo)) {
      add('error', task.id, 'MAPPING_UNKNOWN_TARGET', `Starting mapping of "${task.id}" targets "${mapping.mapsTo}", not an input parameter of "${decomposition.id}"`);
    } else if (decomposition === undefined && task.decomposesTo === undefined) {
      add('error', task.id, 'MAPPING_UNKNOWN_TARGET', `Empty task "${task.id}" has a starting mapping to "${mapping.mapsTo}"`);
    }
  }
  for (const mapping of task.completedMappings) {
    checkXQuery(task.id, `Completed mapping to "${mapping.mapsTo}"`, mapping.expression, add);
    if (!netVariables.has(mapping.mapsTo)) {
      add('error', task.id, 'MAPPING_UNKNOWN_TARGET', `Completed mapping of "${task.id}" targets "${mapping.mapsTo}", not a variable of net "${net.id}"`);
    }
  }
  const miParam = task.multiInstance?.input.formalInputParam;
  for (const param of decomposition?.inputParams ?? []) {
    if (!mapped.has(param.name) && param.name !== miParam) {
      add('warning', task.id, 'MISSING_INPUT_MAPPING', `Input parameter "${param.name}" of "${decomposition?.id}" gets no starting mapping from "${task.id}"`);
    }
  }
  if (task.multiInstance !== undefined) verifyMultiInstance(net, task, decomposition, add);
  if (task.timer !== undefined) verifyTimer(net, task, add);
}

const NUMBER = /^\s*\d+\s*$/;

function verifyMultiInstance(net: NetDecomposition, task: Task, decomposition: Decomposition | undefined, add: AddIssue): void {
  const mi = task.multiInstance!;
  const bounds = { minimum: mi.minimum, maximum: mi.maximum, threshold: mi.threshold };
  const numbers: Partial<Record<keyof typeof bounds, number>> = {};
  for (const [name, value] of Object.entries(bounds) as [keyof typeof bounds, string][]) {
    if (value.trim() === '') add('error', task.id, 'MI_BOUNDS', `Multiple-instance task "${task.id}" has no ${name}`);
    else if (NUMBER.test(value)) numbers[name] = Number(value);
    else checkXQuery(task.id, `MI ${name}`, value, add);
  }
  const { minimum, maximum, threshold } = numbers;
  if (minimum !== undefined && minimum < 1) add('error', task.id, 'MI_BOUNDS', `MI minimum of "${task.id}" is ${minimum}, must be at least 1`);
  if (threshold !== undefined && threshold < 1) add('error', task.id, 'MI_BOUNDS', `MI threshold of "${task.id}" is ${threshold}, must be at least 1`);
  if (minimum !== undefined && maximum !== undefined && minimum > maximum) {
    add('error', task.id, 'MI_BOUNDS', `MI minimum ${minimum} of "${task.id}" exceeds its maximum ${maximum}`);
  }
  if (threshold !== undefined && maximum !== undefined && threshold > maximum) {
    add('error', task.id, 'MI_BOUNDS', `MI threshold ${threshold} of "${task.id}" exceeds its maximum ${maximum}`);
  }
  if (mi.creationMode !== 'static' && mi.creationMode !== 'dynamic') {
    add('error', task.id, 'MI_CREATION_MODE', `MI creation mode "${String(mi.creationMode)}" of "${task.id}" is neither static nor dynamic`);
  }
  const queries: [string, string][] = [['input expression', mi.input.expression], ['splitting expression', mi.input.splittingExpression]];
  if (mi.output !== undefined) {
    queries.push(['output expression', mi.output.formalOutputExpression], ['joining expression', mi.output.outputJoiningExpression]);
  }
  for (const [what, query] of queries) {
    if (query.trim() === '') add('error', task.id, 'MI_QUERY_MISSING', `Multiple-instance task "${task.id}" has no ${what}`);
    else checkXQuery(task.id, `MI ${what}`, query, add);
  }
  if (decomposition === undefined) {
    add('error', task.id, 'MI_QUERY_MISSING', `Multiple-instance task "${task.id}" has no decomposition to run per instance`);
  } else if (!decomposition.inputParams.some((p) => p.name === mi.input.formalInputParam)) {
    add('error', task.id, 'MAPPING_UNKNOWN_TARGET', `MI formal input parameter "${mi.input.formalInputParam}" is not an input parameter of "${decomposition.id}"`);
  }
  if (decomposition?.kind === 'net') {
    // The engine runs MI instances as atomic items only; one subnet per instance is not built.
    add('error', task.id, 'MI_COMPOSITE_UNSUPPORTED', `Multiple-instance task "${task.id}" decomposes to net "${decomposition.id}": multiple-instance composite tasks are not supported`);
  }
  if (mi.output !== undefined && !netVariableNames(net).has(mi.output.resultAppliedToLocalVariable)) {
    add('error', task.id, 'MAPPING_UNKNOWN_TARGET', `MI result variable "${mi.output.resultAppliedToLocalVariable}" is not a variable of net "${net.id}"`);
  }
}


function verifyTimer(net: NetDecomposition, task: Task, add: AddIssue): void {
  const timer = task.timer!;
  const set = [timer.duration, timer.expiry, timer.netParam].filter((value) => value !== undefined);
  const fail = (message: string): void => add('error', task.id, 'TIMER_INVALID', `Timer of "${task.id}": ${message}`);
  if (set.length !== 1) return fail(`exactly one of duration, expiry or netparam must be set, found ${set.length}`);
  if (timer.trigger !== 'OnEnabled' && timer.trigger !== 'OnExecuting') fail(`trigger "${String(timer.trigger)}" is invalid`);
  if (timer.duration !== undefined && !isIsoDuration(timer.duration)) fail(`"${timer.duration}" is not an ISO-8601 duration`);
  // The schema types expiry as xs:long (epoch milliseconds); an ISO date-time is accepted as well.
  if (timer.expiry !== undefined && !/^\d+$/.test(timer.expiry)
    && !isIsoDateTime(timer.expiry)) {
    fail(`expiry "${timer.expiry}" is neither epoch milliseconds nor an ISO date-time`);
  }
  if (timer.netParam !== undefined) verifyTimerVariable(net, timer.netParam, fail);
}

/**
 * A late-bound timer reads a YTimerType record from its variable when its item is enabled or
 * started. The value itself only exists at run time (the engine reports a bad one then); what can
 * be checked here is the variable's type and its initial value.
 */
function verifyTimerVariable(net: NetDecomposition, name: string, fail: (message: string) => void): void {
  const variable = [...net.inputParams, ...net.localVariables, ...net.outputParams].find((v) => v.name === name);
  if (variable === undefined) return fail(`netparam "${name}" is not a variable of net "${net.id}"`);
  if (localPart(variable.type) !== TIMER_RECORD_TYPE) {
    return fail(`netparam "${name}" has type "${variable.type}"; a timer variable must be of type ${TIMER_RECORD_TYPE}`);
  }
  const initial = variable.initialValue?.trim();
  if (initial === undefined || initial === '') return;
  const parsed = parseXml(`<${name}>${initial}</${name}>`);
  const root = parsed.ok ? parsed.document.documentElement : null;
  if (root === null) return fail(`initial value of "${name}" is not well-formed XML`);
  const record = readTimerRecord(new Map(childElements(root).map((child) => [child.localName, textOf(child)])));
  if (!record.ok) fail(`initial value of "${name}" is not a valid ${TIMER_RECORD_TYPE} value: ${record.message}`);
}

/** Composite tasks must not, directly or through other nets, decompose back into a net above them. */
function verifyRecursion(spec: Specification, add: AddIssue): void {
  const children = new Map<string, { task: string; net: string }[]>();
  for (const decomposition of Object.values(spec.decompositions)) {
    if (decomposition.kind !== 'net') continue;
    const edges: { task: string; net: string }[] = [];
    for (const element of Object.values(decomposition.elements)) {
      const target = element.kind === 'task' && element.decomposesTo !== undefined ? spec.decompositions[element.decomposesTo] : undefined;
      if (target?.kind === 'net' && target.id !== decomposition.id) edges.push({ task: element.id, net: target.id });
    }
    children.set(decomposition.id, edges);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (net: string): void => {
    state.set(net, 'visiting');
    for (const edge of children.get(net) ?? []) {
      const seen = state.get(edge.net);
      if (seen === 'visiting') add('error', edge.task, 'RECURSIVE_NET', `Composite task "${edge.task}" closes a cycle of nets through "${edge.net}"`);
      else if (seen === undefined) visit(edge.net);
    }
    state.set(net, 'done');
  };
  for (const net of children.keys()) if (!state.has(net)) visit(net);
}
