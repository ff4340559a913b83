/**
 * Work item lifecycle, case-level commands, deadlock, errors and purity.
 */
import { describe, expect, it } from 'vitest';
import { execute } from './engine.js';
import { buildSpec, copy } from './testing/spec-builder.js';
import { CaseDriver } from './testing/driver.js';

const sequence = buildSpec({
  id: 'Order',
  flows: ['start -> Check', 'Check -> Ship', 'Ship -> end'],
  inputParams: ['customer'],
  outputParams: ['total'],
  variables: { total: '0', note: 'a &lt; b' },
  tasks: {
    Check: { starting: [copy('Order', 'customer'), copy('Order', 'total')], completed: [copy('Check', 'total')], outputParams: [{ name: 'total', defaultValue: '7' }] },
  },
});

describe('launch', () => {
  it('initialises net data from input params and local variables, then enables', () => {
    const run = CaseDriver.launch(sequence, '<data><customer>ACME</customer></data>');
    expect(run.case.netInstances.c1!.data).toBe('<Order><customer>ACME</customer><total>0</total><note>a &lt; b</note></Order>');
    expect(run.types()).toEqual(['case.started', 'workitem.enabled']);
    expect(run.item('Check').id).toBe('c1:Check:1');
  });

  it('refuses to launch over an existing case', () => {
    const run = CaseDriver.launch(sequence);
    expect(run.try({ type: 'launchCase', caseId: 'c1' })).toMatchObject({ ok: false, error: { code: 'CASE_ALREADY_LAUNCHED' } });
  });

  it('keeps the state plain JSON and never mutates the state passed in', () => {
    const run = CaseDriver.launch(sequence, '<data><customer>ACME</customer></data>');
    const before = run.case;
    const snapshot = structuredClone(before);
    run.complete('Check', '<Check><total>12</total></Check>');
    expect(before).toStrictEqual(snapshot);
    expect(JSON.parse(JSON.stringify(run.case))).toStrictEqual(run.case);
    expect(JSON.parse(JSON.stringify(run.events))).toStrictEqual(run.events);
  });

  it('is deterministic: the same commands give the same states and events', () => {
    const play = (): CaseDriver => {
      const run = CaseDriver.launch(sequence, '<data><customer>ACME</customer></data>');
      run.complete('Check', '<Check><total>12</total></Check>');
      return run;
    };
    const [first, second] = [play(), play()];
    expect(JSON.parse(JSON.stringify(first.case))).toEqual(second.case);
    expect(first.events).toEqual(second.events);
  });
});

describe('work item lifecycle', () => {
  it('goes enabled → offered → allocated → started → completed, with data in and out', () => {
    const run = CaseDriver.launch(sequence, '<data><customer>ACME</customer></data>');
    const id = run.item('Check').id;
    run.run({ type: 'offerItem', workItemId: id, roles: ['clerk'], participants: [] });
    run.run({ type: 'allocateItem', workItemId: id, participant: 'ann' });
    run.run({ type: 'startItem', workItemId: id });
    const started = run.case.workItems[id]!;
    expect(started).toMatchObject({ status: 'started', allocatedTo: 'ann', startedBy: 'ann', offeredTo: { roles: ['clerk'], participants: [] } });
    expect(started.inputData).toBe('<Check><customer>ACME</customer><total>0</total></Check>');
    run.run({ type: 'completeItem', workItemId: id, output: '<Check><total>42</total></Check>' });
    expect(run.variable('total')).toBe('42');
    expect(run.types()).toEqual([
      'case.started',
      'workitem.enabled',
      'workitem.offered',
      'workitem.allocated',
      'workitem.started',
      'workitem.completed',
      'workitem.enabled',
    ]);
  });

  it('fills output parameters the output omits from their default values', () => {
    const run = CaseDriver.launch(sequence);
    run.complete('Check', '<Check/>');
    expect(run.variable('total')).toBe('7');
  });

  it('suspends and resumes an item; a suspended item cannot complete', () => {
    const run = CaseDriver.launch(sequence);
    const item = run.start('Check');
    run.run({ type: 'suspendItem', workItemId: item.id });
    expect(run.try({ type: 'completeItem', workItemId: item.id })).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    run.run({ type: 'resumeItem', workItemId: item.id });
    expect(run.case.workItems[item.id]!.status).toBe('started');
    run.run({ type: 'completeItem', workItemId: item.id });
    expect(run.liveTasks()).toEqual(['Ship']);
  });

  it('skips an item: its input (total 0, not the output default 7) is its output, and the flow goes on', () => {
    const run = CaseDriver.launch(sequence);
    run.run({ type: 'skipItem', workItemId: run.item('Check').id });
    expect(run.variable('total')).toBe('0');
    expect(run.liveTasks()).toEqual(['Ship']);
    expect(run.types()).toContain('workitem.skipped');
  });
});

describe('invalid transitions', () => {
  it('rejects completing an item twice, leaving the state unchanged', () => {
    const run = CaseDriver.launch(sequence);
    const id = run.item('Check').id;
    run.complete('Check');
    const before = run.case;
    const snapshot = structuredClone(before);
    const result = execute(before, { type: 'completeItem', workItemId: id, now: run.now }, sequence);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    expect(result.state).toBe(before);
    expect(before).toEqual(snapshot);
  });

  it('rejects an unknown item, completing before start, and resuming a running item', () => {
    const run = CaseDriver.launch(sequence);
    const id = run.item('Check').id;
    expect(run.try({ type: 'completeItem', workItemId: 'nope' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_WORK_ITEM' } });
    expect(run.try({ type: 'completeItem', workItemId: id })).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    expect(run.try({ type: 'resumeItem', workItemId: id })).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    expect(run.try({ type: 'allocateItem', workItemId: id, participant: 'x' }).ok).toBe(true);
    expect(run.try({ type: 'offerItem', workItemId: id })).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
  });

  it('rejects commands without a case', () => {
    expect(execute(undefined, { type: 'cancelCase', now: '2025-01-01T00:00:00Z' }, sequence)).toMatchObject({ ok: false, error: { code: 'CASE_NOT_FOUND' } });
  });

  it('reports a bad XPath predicate as an evaluation error without changing the state', () => {
    const broken = buildSpec({
      id: 'Broken',
      flows: ['start -> A', 'A -> B', 'A -> C', 'B -> end', 'C -> end'],
      tasks: { A: { split: 'xor', predicates: { B: '/Broken/x = ' }, defaultFlow: 'C' } },
    });
    const run = CaseDriver.launch(broken);
    run.start('A');
    const result = run.try({ type: 'completeItem', workItemId: run.item('A').id });
    expect(result).toMatchObject({ ok: false, error: { code: 'EVALUATION_ERROR' } });
    expect(run.item('A').status).toBe('started');
  });
});

describe('case suspend, resume', () => {
  it('blocks item commands while suspended', () => {
    const run = CaseDriver.launch(sequence);
    run.run({ type: 'suspendCase' });
    expect(run.case.status).toBe('suspended');
    expect(run.try({ type: 'startItem', workItemId: run.item('Check').id })).toMatchObject({ ok: false, error: { code: 'CASE_NOT_RUNNING' } });
    run.run({ type: 'resumeCase' });
    run.complete('Check');
    expect(run.types()).toContain('case.suspended');
    expect(run.types()).toContain('case.resumed');
  });
});

describe('deadlock', () => {
  // An XOR-split feeding an AND-join: only one branch ever arrives.
  const spec = buildSpec({
    id: 'Deadlock',
    flows: ['start -> A', 'A -> B', 'A -> C', 'B -> D', 'C -> D', 'D -> end'],
    tasks: { A: { split: 'xor', defaultFlow: 'C' }, D: { join: 'and' } },
  });

  it('detects that the AND-join can never fire', () => {
    const run = CaseDriver.launch(spec);
    run.complete('A');
    run.complete('B');
    expect(run.case.status).toBe('deadlocked');
    expect(run.events.at(-1)).toMatchObject({ type: 'case.deadlocked', markedConditions: ['c1/B_D'] });
    expect(run.try({ type: 'cancelCase' })).toMatchObject({ ok: false, error: { code: 'CASE_NOT_RUNNING' } });
  });
});

describe('empty tasks', () => {
  it('fire and complete as soon as they are enabled', () => {
    const spec = buildSpec({ id: 'Empty', flows: ['start -> Route', 'Route -> A', 'A -> end'], tasks: { Route: { empty: true } } });
    const run = CaseDriver.launch(spec);
    expect(run.liveTasks()).toEqual(['A']);
    expect(Object.values(run.case.workItems).map((item) => item.taskId)).toEqual(['A']);
  });

  it('reports a cycle of empty tasks as a livelock', () => {
    const spec = buildSpec({
      id: 'Spin',
      flows: ['start -> P', 'P -> Q', 'Q -> P', 'Q -> end'],
      tasks: { P: { empty: true, join: 'xor' }, Q: { empty: true, split: 'xor', predicates: { end: 'false()' }, defaultFlow: 'P' } },
    });
    const result = execute(undefined, { type: 'launchCase', caseId: 'x', now: '2025-01-01T00:00:00Z' }, spec);
    expect(result).toMatchObject({ ok: false, error: { code: 'LIVELOCK' } });
  });
});
