/**
 * Runs a specification's case through the engine (@flowgraph/yawl's `execute`, the same engine the
 * workflows subgraph persists) from launch to completion, as a person working their queue would:
 * start every item that is offered, complete every started atomic item with output of the declared
 * types, and let composite items finish with their nets. Outputs are chosen per output parameter:
 * the item's input value of the same name when it has one (a task that edits its input), else a
 * value of the parameter's XSD type; the output is then built and type-checked by `jsonToXml`, as
 * `completeWorkItem` does.
 */
import { execute, isLive, jsonToXml, xmlToJson, type CaseState, type Command, type Decomposition, type Specification, type Variable, type WorkItem } from '@flowgraph/yawl';

export type RunOutcome = { ok: true; completed: string[] } | { ok: false; completed: string[]; reason: string };

/** A value of each built-in simple type a form would offer; complex types have none to guess. */
const SAMPLES: Record<string, unknown> = {
  string: 'conformance', normalizedString: 'conformance', token: 'conformance', anyURI: 'urn:conformance',
  long: 1, int: 1, integer: 1, short: 1, byte: 1, nonNegativeInteger: 1, positiveInteger: 1,
  unsignedLong: 1, unsignedInt: 1, unsignedShort: 1, unsignedByte: 1,
  double: 1.5, float: 1.5, decimal: 1.5, boolean: true,
  date: '2025-01-01', dateTime: '2025-01-01T00:00:00Z', time: '12:00:00', duration: 'PT1H',
};

const localName = (type: string): string => type.slice(type.indexOf(':') + 1);
const MAX_STEPS = 1_000;

/** The decomposition the item's task runs, found through the net the item belongs to. */
function decompositionOf(spec: Specification, state: CaseState, item: WorkItem): Decomposition | undefined {
  const net = spec.decompositions[state.netInstances[item.netInstanceId]?.netId ?? ''];
  const task = net?.kind === 'net' ? net.elements[item.taskId] : undefined;
  return task?.kind === 'task' && task.decomposesTo !== undefined ? spec.decompositions[task.decomposesTo] : undefined;
}

function chooseOutput(spec: Specification, state: CaseState, item: WorkItem): { ok: true; xml: string | undefined } | { ok: false; reason: string } {
  const decomposition = decompositionOf(spec, state, item);
  if (decomposition === undefined) return { ok: false, reason: `no decomposition for task ${item.taskId}` };
  const params: Variable[] = decomposition.outputParams;
  if (params.length === 0) return { ok: true, xml: undefined };
  const input = item.inputData ? xmlToJson(decomposition.inputParams, item.inputData, spec.schema) : {};
  const output: Record<string, unknown> = {};
  for (const param of params) {
    if (input[param.name] !== undefined) output[param.name] = input[param.name];
    else if (localName(param.type) in SAMPLES) output[param.name] = SAMPLES[localName(param.type)];
    else if (param.mandatory) return { ok: false, reason: `task ${item.taskId}: no value to choose for mandatory ${param.name} of type ${param.type}` };
  }
  const built = jsonToXml(decomposition.id, params, output, spec.schema);
  if (!built.ok) return { ok: false, reason: `task ${item.taskId}: chosen output rejected: ${built.errors.map((e) => `${e.field} ${e.message}`).join('; ')}` };
  return { ok: true, xml: built.xml };
}

export function runToCompletion(spec: Specification, caseId = 'conformance'): RunOutcome {
  const completed: string[] = [];
  let state: CaseState | undefined;
  let clock = Date.parse('2025-01-01T00:00:00Z');
  const run = (command: Record<string, unknown> & { type: Command['type'] }): string | undefined => {
    clock += 1_000;
    const result = execute(state, { ...command, now: new Date(clock).toISOString() } as Command, spec);
    if (!result.ok) return `${command.type} failed: ${result.error.code} ${result.error.message}`;
    state = result.state;
    return undefined;
  };
  const launchError = run({ type: 'launchCase', caseId });
  if (launchError) return { ok: false, completed, reason: launchError };
  for (let step = 0; step < MAX_STEPS; step++) {
    if (state!.status === 'completed') return { ok: true, completed };
    if (state!.status !== 'running') return { ok: false, completed, reason: `case ended ${state!.status}` };
    const live = Object.values(state!.workItems).filter((item) => isLive(item) && item.kind !== 'multiple');
    const next = live.find((item) => item.status !== 'started' && item.status !== 'suspended') ?? live.find((item) => item.status === 'started' && item.kind !== 'composite');
    if (next === undefined) return { ok: false, completed, reason: `case is running with nothing to work on (${live.map((i) => `${i.taskId}:${i.status}`).join(', ') || 'no live items'})` };
    if (next.status !== 'started') {
      const error = run({ type: 'startItem', workItemId: next.id });
      if (error) return { ok: false, completed, reason: `task ${next.taskId}: ${error}` };
      continue;
    }
    const output = chooseOutput(spec, state!, next);
    if (!output.ok) return { ok: false, completed, reason: output.reason };
    const error = run({ type: 'completeItem', workItemId: next.id, ...(output.xml !== undefined ? { output: output.xml } : {}) });
    if (error) return { ok: false, completed, reason: `task ${next.taskId}: ${error}` };
    completed.push(next.taskId);
  }
  return { ok: false, completed, reason: `not completed after ${MAX_STEPS} steps` };
}
