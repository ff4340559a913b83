import { describe, expect, it } from 'vitest';
import { jsonToXml, type Specification, type TaskDecomposition } from '@flowgraph/yawl';
import { CaseDriver } from '@flowgraph/yawl/testing/driver';
import { SUPPORTED_INTENTS, UNSUPPORTED_INTENTS } from '../../corpus/intents.js';
import { outputFor, type Mode } from '../../testing/generated-outputs.js';
import { checkDraft } from '../specification-check.js';
import { writeYawl } from '../yawl-writer.js';
import { patternsOf, tasksOf, type Plan } from './plan.js';
import { planIntent } from './planner.js';

function decompositionOf(spec: Specification, taskId: string): TaskDecomposition {
  const root = spec.decompositions[spec.rootNetId];
  const task = root?.kind === 'net' ? root.elements[taskId] : undefined;
  const decomposition = task?.kind === 'task' && task.decomposesTo ? spec.decompositions[task.decomposesTo] : undefined;
  if (decomposition?.kind !== 'task') throw new Error(`task ${taskId} has no atomic decomposition`);
  return decomposition;
}

/** Runs a case of `spec` to its end, completing every item with outputs of the declared types. */
function drive(spec: Specification, mode: Mode): CaseDriver {
  const run = CaseDriver.launch(spec);
  const rounds = new Map<string, number>();
  for (let guard = 0; run.case.status === 'running'; guard++) {
    if (guard > 200) throw new Error(`case of ${spec.uri} (${mode}) did not end: live ${run.liveTasks().join(', ')}`);
    const item = run.live(undefined, true).find((candidate) => candidate.kind !== 'multiple' || candidate.status !== 'started');
    if (!item) throw new Error(`case of ${spec.uri} (${mode}) is running with nothing to do`);
    if (item.kind === 'multiple') {
      run.run({ type: 'startItem', workItemId: item.id });
      continue;
    }
    const decomposition = decompositionOf(spec, item.taskId);
    const round = (rounds.get(item.taskId) ?? 0) + 1;
    rounds.set(item.taskId, round);
    if (item.status !== 'started') run.run({ type: 'startItem', workItemId: item.id });
    const started = run.case.workItems[item.id]!;
    // An MI instance hands its own item back; other tasks enter values of their output types.
    const json = item.kind === 'instance' ? { ...outputFor(spec, decomposition, mode, round), ...itemOf(started.inputData!, decomposition) } : outputFor(spec, decomposition, mode, round);
    const xml = jsonToXml(decomposition.id, decomposition.outputParams, json, spec.schema);
    if (!xml.ok) throw new Error(`output of ${item.taskId} does not fit its types: ${JSON.stringify(xml.errors)}`);
    run.run({ type: 'completeItem', workItemId: item.id, output: xml.xml });
  }
  return run;
}

function itemOf(inputXml: string, decomposition: TaskDecomposition): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const param of decomposition.outputParams) {
    const match = new RegExp(`<${param.name}>([^<]*)</${param.name}>`).exec(inputXml);
    if (match) out[param.name] = match[1];
  }
  return out;
}

const hasChoice = (plan: Plan): boolean => patternsOf(plan).includes('WCP-4 exclusive choice');

describe('the deterministic planner on the corpus', () => {
  it('keeps at least 40 supported intents', () => {
    expect(SUPPORTED_INTENTS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(SUPPORTED_INTENTS.map((entry) => [entry.intent, entry] as const))('%s', async (_intent, { intent, patterns }) => {
    const planned = planIntent(intent);
    if (!planned.ok) throw new Error(`refused: ${planned.reason}`);
    expect(patternsOf(planned.plan)).toEqual(expect.arrayContaining(patterns));
    const verdict = await checkDraft(writeYawl(planned.plan, { identifier: 'UID_corpus', description: intent }));
    if (!verdict.ok) throw new Error(`does not verify: ${JSON.stringify(verdict.issues)}`);
    const paths = (['high', 'low'] as const).map((mode) => {
      const run = drive(verdict.specification, mode);
      expect(run.case.status, `${mode} case`).toBe('completed');
      return run.completedTasks();
    });
    // Every task the plan names exists in the net and at least one case ran it... unless a choice left it out of both.
    const planned_tasks = tasksOf(planned.plan.steps).map((task) => task.id);
    const ran = new Set(paths.flat());
    for (const id of planned_tasks) if (!hasChoice(planned.plan)) expect(ran, `task ${id}`).toContain(id);
    // Where the plan chooses, the data chose differently in the two cases.
    if (hasChoice(planned.plan)) expect(paths[0]).not.toEqual(paths[1]);
  });

  it.each(UNSUPPORTED_INTENTS.map((entry) => [entry.intent, entry] as const))('refuses %s', (_intent, { intent, reason }) => {
    const planned = planIntent(intent);
    expect(planned.ok).toBe(false);
    if (!planned.ok) expect(planned.reason).toContain(reason);
  });
});
