/**
 * Workflow control-flow patterns (WCP, Russell et al.), each on its own small specification.
 */
import { describe, expect, it } from 'vitest';
import { buildSpec, copy } from './testing/spec-builder.js';
import { CaseDriver } from './testing/driver.js';
import type { EngineEvent } from './engine-types.js';

describe('WCP-1 sequence', () => {
  const spec = buildSpec({ id: 'Seq', flows: ['start -> A', 'A -> B', 'B -> C', 'C -> end'] });

  it('runs A, B, C one after the other and completes the case', () => {
    const run = CaseDriver.launch(spec);
    expect(run.liveTasks()).toEqual(['A']);
    run.complete('A');
    expect(run.liveTasks()).toEqual(['B']);
    run.complete('B');
    run.complete('C');
    expect(run.case.status).toBe('completed');
    expect(run.completedTasks()).toEqual(['A', 'B', 'C']);
    expect(run.types().at(-1)).toBe('case.completed');
    expect(run.events.map((event) => event.sequence)).toEqual(run.events.map((_, index) => index + 1));
  });
});

describe('WCP-2 parallel split and WCP-3 synchronization', () => {
  const spec = buildSpec({
    id: 'Par',
    flows: ['start -> A', 'A -> B', 'A -> C', 'B -> D', 'C -> D', 'D -> end'],
    tasks: { A: { split: 'and' }, D: { join: 'and' } },
  });

  it('enables both branches after an AND-split and waits for both at the AND-join', () => {
    const run = CaseDriver.launch(spec);
    run.complete('A');
    expect(run.liveTasks()).toEqual(['B', 'C']);
    run.complete('C');
    expect(run.liveTasks()).toEqual(['B']);
    run.complete('B');
    expect(run.liveTasks()).toEqual(['D']);
    run.complete('D');
    expect(run.case.status).toBe('completed');
  });
});

describe('WCP-4 exclusive choice and WCP-5 simple merge', () => {
  const spec = buildSpec({
    id: 'Choice',
    flows: ['start -> Assess', 'Assess -> Approve', 'Assess -> Reject', 'Approve -> Notify', 'Reject -> Notify', 'Notify -> end'],
    variables: { amount: '0' },
    tasks: {
      Assess: {
        split: 'xor',
        predicates: { Approve: '/Choice/amount <= 1000' },
        defaultFlow: 'Reject',
        completed: [copy('Assess', 'amount')],
        outputParams: [{ name: 'amount' }],
      },
      Notify: { join: 'xor' },
    },
  });

  it.each([
    ['500', 'Approve'],
    ['1500', 'Reject'],
  ])('routes amount %s to %s by the XPath predicate over the net data', (amount, chosen) => {
    const run = CaseDriver.launch(spec);
    run.complete('Assess', `<Assess><amount>${amount}</amount></Assess>`);
    expect(run.variable('amount')).toBe(amount);
    expect(run.liveTasks()).toEqual([chosen]);
    run.complete(chosen);
    // Simple merge: the XOR-join fires on the one branch taken.
    expect(run.liveTasks()).toEqual(['Notify']);
    run.complete('Notify');
    expect(run.case.status).toBe('completed');
  });
});

describe('WCP-6 multi-choice and WCP-7 structured synchronizing merge (OR-join)', () => {
  // The OR-split chooses B and/or C; C's branch is longer (C then C2). The OR-join D must wait
  // for every branch chosen, and only those.
  const spec = buildSpec({
    id: 'TestOrJoin',
    flows: ['start -> A', 'A -> B', 'A -> C', 'B -> D', 'C -> C2', 'C2 -> D', 'D -> end'],
    variables: { b: 'false', c: 'false' },
    tasks: {
      A: {
        split: 'or',
        predicates: { B: "/TestOrJoin/b = 'true'", C: "/TestOrJoin/c = 'true'" },
        defaultFlow: 'B',
        completed: [copy('A', 'b'), copy('A', 'c')],
      },
      D: { join: 'or' },
    },
  });

  it('takes both branches and the OR-join waits for the longer one', () => {
    const run = CaseDriver.launch(spec);
    run.complete('A', '<A><b>true</b><c>true</c></A>');
    expect(run.liveTasks()).toEqual(['B', 'C']);
    run.complete('B');
    expect(run.liveTasks()).toEqual(['C']);
    run.complete('C');
    // A token sits before D, but C2 can still deliver one: D waits.
    expect(run.liveTasks()).toEqual(['C2']);
    run.complete('C2');
    expect(run.liveTasks()).toEqual(['D']);
    run.complete('D');
    expect(run.case.status).toBe('completed');
    expect(run.completedTasks().filter((task) => task === 'D')).toHaveLength(1);
  });

  it('takes one branch and the OR-join fires after it alone', () => {
    const run = CaseDriver.launch(spec);
    run.complete('A', '<A><b>true</b><c>false</c></A>');
    expect(run.liveTasks()).toEqual(['B']);
    run.complete('B');
    expect(run.liveTasks()).toEqual(['D']);
  });

  it('takes only the longer branch and fires when it ends', () => {
    const run = CaseDriver.launch(spec);
    run.complete('A', '<A><b>false</b><c>true</c></A>');
    expect(run.liveTasks()).toEqual(['C']);
    run.complete('C');
    run.complete('C2');
    expect(run.liveTasks()).toEqual(['D']);
  });

  it('takes the default flow when no predicate holds', () => {
    const run = CaseDriver.launch(spec);
    run.complete('A', '<A><b>false</b><c>false</c></A>');
    expect(run.liveTasks()).toEqual(['B']);
  });
});

describe('WCP-8 multi-merge', () => {
  // D merges B and C without synchronising: it runs once per arriving token. X holds the case
  // open so both runs of D happen before the end.
  const spec = buildSpec({
    id: 'MultiMerge',
    flows: ['start -> A', 'A -> B', 'A -> C', 'A -> X', 'B -> D', 'C -> D', 'D -> merged', 'merged -> Finish', 'X -> Finish', 'Finish -> end'],
    conditions: ['merged'],
    tasks: { A: { split: 'and' }, D: { join: 'xor' }, Finish: { join: 'and' } },
  });

  it('runs D once per incoming branch', () => {
    const run = CaseDriver.launch(spec);
    run.complete('A');
    run.complete('B');
    expect(run.liveTasks()).toEqual(['C', 'D', 'X']);
    run.complete('D');
    run.complete('C');
    expect(run.liveTasks()).toEqual(['D', 'X']);
    run.complete('D');
    expect(run.case.netInstances.c1!.marking.merged).toBe(2);
    run.complete('X');
    run.complete('Finish');
    expect(run.completedTasks().filter((task) => task === 'D')).toHaveLength(2);
    expect(run.case.status).toBe('completed');
  });

  it('does not enable a busy task again until it completes', () => {
    const run = CaseDriver.launch(spec);
    run.complete('A');
    run.start('B');
    run.complete('B');
    run.start('D');
    run.complete('C');
    // A token waits for D, but D is busy: still one live item of D.
    expect(run.live('D')).toHaveLength(1);
    run.complete('D');
    expect(run.live('D')).toHaveLength(1);
    expect(run.item('D').status).toBe('enabled');
  });
});

describe('WCP-9 structured discriminator', () => {
  // YAWL has no discriminator join, so the construct is built the way the pattern's own Petri
  // net works: A arms it (condition `armed`) along with the branches; the first branch to arrive
  // takes `armed` through its gate (FirstB/FirstC, empty AND-joins) and fires D; a later branch
  // finds `armed` gone and is absorbed by LateB/LateC, which needs the first's `doneX` token and
  // so marks `reset` once every branch has arrived. Next waits for that reset before looping.
  const spec = buildSpec({
    id: 'Disc',
    flows: [
      'start -> A', 'A -> B', 'A -> C', 'A -> armed', 'B -> pB', 'C -> pC',
      'pB -> FirstB', 'armed -> FirstB', 'pC -> FirstC', 'armed -> FirstC',
      'FirstB -> fired', 'FirstB -> doneB', 'FirstC -> fired', 'FirstC -> doneC', 'fired -> D',
      'pB -> LateB', 'doneC -> LateB', 'pC -> LateC', 'doneB -> LateC', 'LateB -> reset', 'LateC -> reset',
      'D -> Next', 'reset -> Next', 'Next -> A', 'Next -> end',
    ],
    conditions: ['armed', 'pB', 'pC', 'fired', 'doneB', 'doneC', 'reset'],
    variables: { again: 'true' },
    tasks: {
      A: { split: 'and' },
      FirstB: { empty: true, join: 'and' },
      FirstC: { empty: true, join: 'and' },
      LateB: { empty: true, join: 'and' },
      LateC: { empty: true, join: 'and' },
      Next: { join: 'and', split: 'xor', predicates: { A: "/Disc/again = 'true'" }, defaultFlow: 'end', completed: [copy('Next', 'again')] },
    },
  });
  const enabledD = (run: CaseDriver): number => run.events.filter((event) => event.type === 'workitem.enabled' && event.taskId === 'D').length;

  it('fires D once on the first branch, absorbs the later one, and resets for the next round', () => {
    const run = CaseDriver.launch(spec);
    run.complete('A');
    run.complete('B');
    expect(run.liveTasks()).toEqual(['C', 'D']);
    run.complete('D');
    // The later branch runs to completion, is not cancelled, and does not fire D again.
    expect(run.liveTasks()).toEqual(['C']);
    run.complete('C');
    expect(enabledD(run)).toBe(1);
    expect(run.liveTasks()).toEqual(['Next']);
    expect(run.case.netInstances.c1!.marking).toEqual({ D_Next: 1, reset: 1 });

    // Second round, other branch first, the later one arriving while D is still pending.
    run.complete('Next', '<Next><again>true</again></Next>');
    run.complete('A');
    run.complete('C');
    expect(run.liveTasks()).toEqual(['B', 'D']);
    run.complete('B');
    expect(run.liveTasks()).toEqual(['D']);
    expect(enabledD(run)).toBe(2);
    run.complete('D');
    run.complete('Next', '<Next><again>false</again></Next>');
    expect(run.completedTasks().filter((task) => task === 'D')).toHaveLength(2);
    expect(run.events.some((event) => event.type === 'workitem.cancelled' || event.type === 'workitem.withdrawn')).toBe(false);
    expect(run.case.status).toBe('completed');
  });
});

describe('WCP-29 cancelling discriminator', () => {
  // The discriminator of YAWL's own patterns documentation: an XOR-join task whose cancellation
  // set removes the other branches' tokens and work items, so the first branch to arrive fires D
  // and withdraws the rest.
  const spec = buildSpec({
    id: 'Discriminator',
    flows: ['start -> A', 'A -> B', 'A -> C', 'B -> D', 'C -> D', 'D -> E', 'E -> end'],
    tasks: { A: { split: 'and' }, D: { join: 'xor', cancels: ['B', 'C', 'B_D', 'C_D'] } },
  });

  it('fires on the first branch and cancels the others', () => {
    const run = CaseDriver.launch(spec);
    run.complete('A');
    run.start('C');
    run.complete('B');
    expect(run.liveTasks()).toEqual(['C', 'D']);
    run.complete('D');
    expect(run.liveTasks()).toEqual(['E']);
    expect(run.events.filter((event) => event.type === 'workitem.cancelled').map((event) => event.taskId)).toEqual(['C']);
    run.complete('E');
    expect(run.case.status).toBe('completed');
  });
});

describe('WCP-10 arbitrary cycles', () => {
  const spec = buildSpec({
    id: 'Loop',
    flows: ['start -> Draft', 'Draft -> Review', 'Review -> Draft', 'Review -> Publish', 'Publish -> end'],
    variables: { ok: 'false' },
    tasks: {
      Draft: { join: 'xor' },
      Review: { split: 'xor', predicates: { Publish: "/Loop/ok = 'true'" }, defaultFlow: 'Draft', completed: [copy('Review', 'ok')] },
    },
  });

  it('loops back until the review passes', () => {
    const run = CaseDriver.launch(spec);
    for (let round = 0; round < 3; round++) {
      run.complete('Draft');
      run.complete('Review', '<Review><ok>false</ok></Review>');
      expect(run.liveTasks()).toEqual(['Draft']);
    }
    run.complete('Draft');
    run.complete('Review', '<Review><ok>true</ok></Review>');
    run.complete('Publish');
    expect(run.completedTasks().filter((task) => task === 'Draft')).toHaveLength(4);
    expect(run.case.status).toBe('completed');
  });
});

describe('WCP-16 deferred choice', () => {
  // Both B and C wait on the same condition's token; whichever starts first takes it.
  const spec = buildSpec({
    id: 'Deferred',
    flows: ['start -> A', 'A -> choice', 'choice -> B', 'choice -> C', 'B -> end', 'C -> end'],
    conditions: ['choice'],
  });

  it('offers both and withdraws the other when one starts', () => {
    const run = CaseDriver.launch(spec);
    run.complete('A');
    expect(run.liveTasks()).toEqual(['B', 'C']);
    const c = run.item('C');
    run.run({ type: 'offerItem', workItemId: c.id, roles: ['clerk'] });
    run.start('B');
    expect(run.liveTasks()).toEqual(['B']);
    expect(run.case.workItems[c.id]!.status).toBe('withdrawn');
    expect(run.events.find((event) => event.type === 'workitem.withdrawn')?.workItemId).toBe(c.id);
    run.complete('B');
    expect(run.case.status).toBe('completed');
  });
});

describe('WCP-19 cancel task', () => {
  const spec = buildSpec({
    id: 'CancelTask',
    flows: ['start -> A', 'A -> B', 'A -> C', 'B -> D', 'C -> D', 'D -> end'],
    tasks: { A: { split: 'and' }, D: { join: 'and' } },
  });

  it('cancels an enabled item; the AND-join it fed can no longer fire: deadlock', () => {
    const run = CaseDriver.launch(spec);
    run.complete('A');
    run.run({ type: 'cancelItem', workItemId: run.item('B').id });
    expect(run.liveTasks()).toEqual(['C']);
    run.complete('C');
    expect(run.case.status).toBe('deadlocked');
    const deadlock = run.events.at(-1)!;
    expect(deadlock.type).toBe('case.deadlocked');
    expect(deadlock.markedConditions).toEqual(['c1/C_D']);
  });

  it('cancels a started item via another task’s cancellation set', () => {
    const withCancel = buildSpec({
      id: 'CancelBySet',
      flows: ['start -> A', 'A -> B', 'A -> C', 'B -> D', 'C -> end', 'D -> end'],
      tasks: { A: { split: 'and' }, C: { cancels: ['B'] } },
    });
    const run = CaseDriver.launch(withCancel);
    run.complete('A');
    run.start('B');
    run.complete('C');
    expect(run.case.status).toBe('completed');
    expect(run.events.find((event) => event.type === 'workitem.cancelled')).toMatchObject({ taskId: 'B', reason: 'cancellation-set:C' });
  });
});

describe('WCP-20 cancel case', () => {
  const spec = buildSpec({ id: 'CancelCase', flows: ['start -> A', 'A -> B', 'A -> C', 'B -> end', 'C -> end'], tasks: { A: { split: 'and' } } });

  it('cancels every live item and ends the case', () => {
    const run = CaseDriver.launch(spec);
    run.complete('A');
    run.start('B');
    run.run({ type: 'cancelCase' });
    expect(run.case.status).toBe('cancelled');
    expect(run.live()).toHaveLength(0);
    expect(run.types().slice(-3)).toEqual(['workitem.cancelled', 'workitem.cancelled', 'case.cancelled']);
    const after = run.try({ type: 'startItem', workItemId: 'c1:C:3' });
    expect(after).toMatchObject({ ok: false, error: { code: 'CASE_NOT_RUNNING' } });
  });
});

describe('WCP-25 cancel region', () => {
  // Completing Abort empties the region {B, C, their conditions} and goes on to Report.
  const spec = buildSpec({
    id: 'Region',
    flows: ['start -> A', 'A -> B', 'A -> Abort', 'B -> C', 'C -> Join', 'Abort -> Report', 'Report -> Join', 'Join -> end'],
    tasks: { A: { split: 'and' }, Abort: { cancels: ['B', 'C', 'A_B', 'B_C', 'C_Join'] }, Join: { join: 'xor' } },
  });

  it('removes the tokens and items of the region', () => {
    const run = CaseDriver.launch(spec);
    run.complete('A');
    run.complete('B');
    run.start('C');
    run.complete('Abort');
    expect(run.liveTasks()).toEqual(['Report']);
    expect(run.case.workItems[run.events.find((event) => event.taskId === 'C')!.workItemId!]!.status).toBe('cancelled');
    run.complete('Report');
    run.complete('Join');
    expect(run.case.status).toBe('completed');
  });
});

describe('cancellation sets remove what they name', () => {
  // A starts X and Abort in parallel. Abort's cancellation set names the task X, which is only
  // enabled when Abort completes: the token before X is still there, so X stays (YAWL cancels a
  // task's running instances; an enabled item is none). Naming the flow A → X, whose implicit
  // condition holds that token, is what takes X away.
  const region = (cancels: { cancels?: string[]; cancelsFlows?: [string, string][] }, join: 'and' | 'xor') =>
    buildSpec({
      id: 'Region',
      flows: ['start -> A', 'A -> X', 'A -> Abort', 'X -> Join', 'Abort -> Join', 'Join -> end'],
      tasks: { A: { split: 'and' }, Abort: cancels, Join: { join } },
    });
  const eventsOf = (events: EngineEvent[], taskId: string) => events.filter((event) => event.taskId === taskId).map((event) => event.type);

  it('leaves an enabled item of a named task untouched while its input condition holds a token, with no events', () => {
    const run = CaseDriver.launch(region({ cancels: ['X'] }, 'and'));
    run.complete('A');
    const x = run.item('X');
    run.start('Abort');
    const events = run.run({ type: 'completeItem', workItemId: run.item('Abort').id });
    expect(events.map((event) => [event.type, event.taskId])).toEqual([['workitem.completed', 'Abort']]);
    expect(run.item('X')).toEqual(x);
    expect(run.case.netInstances.c1!.marking).toEqual({ A_X: 1, Abort_Join: 1 });
    run.complete('X');
    run.complete('Join');
    expect(run.case.status).toBe('completed');
    expect(eventsOf(run.events, 'X')).toEqual(['workitem.enabled', 'workitem.started', 'workitem.completed']);
  });

  it('still cancels a started item of a named task', () => {
    const run = CaseDriver.launch(region({ cancels: ['X'] }, 'xor'));
    run.complete('A');
    run.start('X');
    run.complete('Abort');
    expect(run.events.filter((event) => event.taskId === 'X').at(-1)).toMatchObject({ type: 'workitem.cancelled', reason: 'cancellation-set:Abort' });
    expect(run.liveTasks()).toEqual(['Join']);
  });

  it('withdraws the enabled item, with one event, when the set names its flow (removesTokensFromFlow)', () => {
    const run = CaseDriver.launch(region({ cancelsFlows: [['A', 'X']] }, 'xor'));
    run.complete('A');
    const x = run.item('X');
    run.start('Abort');
    const events = run.run({ type: 'completeItem', workItemId: run.item('Abort').id });
    expect(events.filter((event) => event.taskId === 'X')).toEqual([
      expect.objectContaining({ type: 'workitem.withdrawn', workItemId: x.id, reason: 'cancellation-set:Abort' }),
    ]);
    expect(run.live('X')).toEqual([]);
    expect(eventsOf(run.events, 'X')).toEqual(['workitem.enabled', 'workitem.withdrawn']);
    run.complete('Join');
    expect(run.case.status).toBe('completed');
  });
});
