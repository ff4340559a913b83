/**
 * Multiple instances (static, dynamic, threshold), composite tasks and timers.
 */
import { describe, expect, it } from 'vitest';
import type { MultiInstance } from './model.js';
import { buildSpec, copy } from './testing/spec-builder.js';
import { CaseDriver } from './testing/driver.js';

function miSpec(bounds: Partial<Pick<MultiInstance, 'minimum' | 'maximum' | 'threshold' | 'creationMode'>>) {
  const multiInstance: MultiInstance = {
    minimum: '1',
    maximum: '10',
    threshold: '10',
    creationMode: 'static',
    ...bounds,
    input: { expression: '<guests>{/Party/guests/*}</guests>', splittingExpression: 'for $g in /guests/name return $g', formalInputParam: 'guest' },
    output: {
      formalOutputExpression: '/Invite/reply',
      outputJoiningExpression: '<replies>{for $r in /Invite/reply return $r}</replies>',
      resultAppliedToLocalVariable: 'replies',
    },
  };
  return buildSpec({
    id: 'Party',
    flows: ['start -> Invite', 'Invite -> Count', 'Count -> end'],
    variables: { guests: '<name>ann</name><name>bob</name><name>cy</name>', replies: '', venue: 'Hall' },
    tasks: {
      Invite: { multiInstance, starting: [{ expression: multiInstance.input.expression, mapsTo: 'guest' }, copy('Party', 'venue')] },
    },
  });
}

function completeInstance(run: CaseDriver, id: string, reply: string): void {
  run.run({ type: 'startItem', workItemId: id });
  run.run({ type: 'completeItem', workItemId: id, output: `<Invite><reply>${reply}</reply></Invite>` });
}

describe('multiple instances', () => {
  it('static: the engine starts the parent as soon as it is enabled, splits the input into one instance per guest and joins the outputs', () => {
    const run = CaseDriver.launch(miSpec({ threshold: '3' }));
    const parent = run.item('Invite');
    // The parent is the engine's, as in YAWL: started by nobody, and no person can start it.
    expect(parent).toMatchObject({ kind: 'multiple', status: 'started' });
    expect(parent.startedBy).toBeUndefined();
    expect(run.try({ type: 'startItem', workItemId: parent.id })).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    const instances = run.live('Invite', true).filter((item) => item.kind === 'instance');
    expect(instances.map((item) => item.id)).toEqual([`${parent.id}.1`, `${parent.id}.2`, `${parent.id}.3`]);
    expect(instances[1]!.inputData).toBe('<Invite><venue>Hall</venue><guest>bob</guest></Invite>');
    completeInstance(run, instances[0]!.id, 'yes');
    completeInstance(run, instances[1]!.id, 'no');
    expect(run.liveTasks()).toEqual(['Invite']);
    completeInstance(run, instances[2]!.id, 'maybe');
    expect(run.liveTasks()).toEqual(['Count']);
    expect(run.case.netInstances.c1!.data).toContain('<replies><reply>yes</reply><reply>no</reply><reply>maybe</reply></replies>');
  });

  it('completes at the threshold and cancels the remaining instances', () => {
    const run = CaseDriver.launch(miSpec({ threshold: '2' }));
    const parent = run.item('Invite');
    completeInstance(run, `${parent.id}.3`, 'first');
    run.run({ type: 'startItem', workItemId: `${parent.id}.1` });
    completeInstance(run, `${parent.id}.2`, 'second');
    expect(run.case.workItems[parent.id]!.status).toBe('completed');
    expect(run.case.workItems[`${parent.id}.1`]!.status).toBe('cancelled');
    // Joined in instance order (.2 before .3), whatever the completion order.
    expect(run.variable('replies')).toBe('<reply>second</reply><reply>first</reply>');
    expect(run.liveTasks()).toEqual(['Count']);
  });

  it('refuses the command that enables a task whose split falls outside its bounds, leaving the state unchanged', () => {
    // The engine fires the MI task on enabling, so the bounds refuse whatever enabled it: here the launch.
    const result = new CaseDriver(miSpec({ maximum: '2' })).try({ type: 'launchCase', caseId: 'c1' });
    expect(result).toMatchObject({ ok: false, error: { code: 'MI_BOUNDS' }, state: undefined });
  });

  it('dynamic: adds instances up to the maximum; completes when none is left running', () => {
    const run = CaseDriver.launch(miSpec({ creationMode: 'dynamic', maximum: '4' }));
    const parent = run.item('Invite');
    run.run({ type: 'addInstance', workItemId: parent.id, input: '<name>dee</name>' });
    expect(run.case.workItems[`${parent.id}.4`]!.inputData).toBe('<Invite><venue>Hall</venue><guest>dee</guest></Invite>');
    expect(run.try({ type: 'addInstance', workItemId: parent.id, input: '<name>eve</name>' })).toMatchObject({ ok: false, error: { code: 'MI_BOUNDS' } });
    for (const [index, reply] of ['a', 'b', 'c', 'd'].entries()) completeInstance(run, `${parent.id}.${index + 1}`, reply);
    expect(run.variable('replies')).toBe('<reply>a</reply><reply>b</reply><reply>c</reply><reply>d</reply>');
    expect(run.liveTasks()).toEqual(['Count']);
  });

  it('dynamic with a threshold: added instances count towards it; reaching it cancels the rest and closes the task', () => {
    const run = CaseDriver.launch(miSpec({ creationMode: 'dynamic', maximum: '5', threshold: '2' }));
    const parent = run.item('Invite');
    run.run({ type: 'addInstance', workItemId: parent.id, input: '<name>dee</name>' });
    completeInstance(run, `${parent.id}.4`, 'dee');
    expect(run.case.workItems[parent.id]!.status).toBe('started');
    completeInstance(run, `${parent.id}.2`, 'bob');
    expect(run.case.workItems[parent.id]!.status).toBe('completed');
    expect([1, 3].map((k) => run.case.workItems[`${parent.id}.${k}`]!.status)).toEqual(['cancelled', 'cancelled']);
    expect(run.variable('replies')).toBe('<reply>bob</reply><reply>dee</reply>');
    expect(run.try({ type: 'addInstance', workItemId: parent.id, input: '<name>eve</name>' })).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    expect(run.liveTasks()).toEqual(['Count']);
  });

  it('refuses to run a multiple-instance composite task rather than run its subnet once', () => {
    const multiInstance: MultiInstance = {
      minimum: '1', maximum: '5', threshold: '5', creationMode: 'static',
      input: { expression: '<items>{/Outer/items/*}</items>', splittingExpression: 'for $i in /items/* return $i', formalInputParam: 'item' },
    };
    const spec = buildSpec(
      { id: 'Outer', flows: ['start -> Each', 'Each -> end'], variables: { items: '<item>a</item>' }, tasks: { Each: { composite: 'Inner', multiInstance } } },
      { id: 'Inner', flows: ['start -> Work', 'Work -> end'], inputParams: ['item'] },
    );
    const result = new CaseDriver(spec).try({ type: 'launchCase', caseId: 'c1' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_SPECIFICATION', message: expect.stringContaining('Each') } });
  });

  it('static: refuses addInstance', () => {
    const run = CaseDriver.launch(miSpec({}));
    const parent = run.item('Invite');
    expect(run.try({ type: 'addInstance', workItemId: parent.id, input: '<name>x</name>' })).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
  });

  it('evaluates bounds given as XQuery over the net data', () => {
    const run = CaseDriver.launch(miSpec({ minimum: 'count(/Party/guests/name)', threshold: 'count(/Party/guests/name) - 1' }));
    const parent = run.item('Invite');
    expect(run.case.workItems[parent.id]!.multiInstance).toEqual({ minimum: 3, maximum: 10, threshold: 2, dynamic: false });
  });
});

describe('composite task', () => {
  const spec = buildSpec(
    {
      id: 'Trip',
      flows: ['start -> Book', 'Book -> Pay', 'Pay -> end'],
      variables: { city: 'Oslo', ref: '' },
      tasks: { Book: { composite: 'BookNet', starting: [copy('Trip', 'city')], completed: [copy('BookNet', 'ref')] } },
    },
    {
      id: 'BookNet',
      flows: ['start -> Flight', 'Flight -> Hotel', 'Hotel -> end'],
      inputParams: ['city'],
      outputParams: ['ref'],
      variables: { ref: 'none' },
      tasks: { Flight: { starting: [copy('BookNet', 'city')], completed: [copy('Flight', 'ref')] } },
    },
  );

  it('is fired by the engine on enabling: nobody starts it, and the subnet\'s first task is the only new item', () => {
    const run = CaseDriver.launch(spec);
    const book = run.item('Book');
    expect(book).toMatchObject({ kind: 'composite', status: 'started' });
    expect(book.startedBy).toBeUndefined();
    expect(run.case.netInstances[book.id]!.data).toBe('<BookNet><city>Oslo</city><ref>none</ref></BookNet>');
    // What a person could take up: the subnet's Flight, nothing else.
    expect(run.live().filter((item) => item.kind === 'atomic').map((item) => item.taskId)).toEqual(['Flight']);
    expect(run.item('Flight').netInstanceId).toBe(book.id);
    expect(run.events.map((event) => [event.type, event.taskId])).toEqual([
      ['case.started', undefined],
      ['workitem.enabled', 'Book'],
      ['workitem.started', 'Book'],
      ['workitem.enabled', 'Flight'],
    ]);
    expect(run.try({ type: 'startItem', workItemId: book.id })).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
  });

  it('runs the subnet with mapped data and completes with its output when the subnet reaches its output condition', () => {
    const run = CaseDriver.launch(spec);
    const book = run.item('Book');
    expect(run.start('Flight').inputData).toBe('<Flight><city>Oslo</city></Flight>');
    run.complete('Flight', '<Flight><ref>SK123</ref></Flight>');
    expect(run.try({ type: 'completeItem', workItemId: book.id })).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    run.complete('Hotel');
    expect(run.case.workItems[book.id]).toMatchObject({ status: 'completed', outputData: '<BookNet><ref>SK123</ref></BookNet>' });
    expect(run.case.netInstances[book.id]!.status).toBe('completed');
    // The composite's completed mapping ran.
    expect(run.variable('ref')).toBe('SK123');
    expect(run.liveTasks()).toEqual(['Pay']);
  });

  it('cancelling the composite item cancels its subnet', () => {
    const run = CaseDriver.launch(spec);
    const book = run.item('Book');
    run.run({ type: 'cancelItem', workItemId: book.id });
    expect(run.case.netInstances[book.id]!.status).toBe('cancelled');
    expect(run.live()).toHaveLength(0);
    expect(run.case.status).toBe('deadlocked');
  });

  it('fires a composite item that a case stored before engine firing left waiting for a person, on its next command', () => {
    const run = CaseDriver.launch(spec);
    const book = run.item('Book');
    // The state an older engine stored: Book enabled and offered, the token still before it, no subnet.
    const stored = structuredClone(run.case);
    stored.workItems = { [book.id]: { ...stored.workItems[book.id]!, status: 'offered', offeredTo: { roles: ['clerk'], participants: [] } } };
    delete stored.workItems[book.id]!.startedAt;
    delete stored.workItems[book.id]!.inputData;
    stored.netInstances = { c1: { ...stored.netInstances.c1!, marking: { Trip_start: 1 } } };
    stored.nextItemNumber = 1;
    const older = new CaseDriver(spec);
    older.state = stored;
    older.run({ type: 'suspendCase' });
    older.run({ type: 'resumeCase' });
    expect(older.case.workItems[book.id]).toMatchObject({ status: 'started' });
    expect(older.case.netInstances[book.id]!.status).toBe('running');
    expect(older.liveTasks()).toEqual(['Book', 'Flight']);
  });
});

describe('timers', () => {
  const spec = buildSpec({
    id: 'Timed',
    flows: ['start -> Approve', 'Approve -> Archive', 'Archive -> end'],
    variables: { decision: 'pending' },
    tasks: {
      Approve: {
        timer: { trigger: 'OnEnabled', duration: 'PT10M' },
        starting: [copy('Timed', 'decision')],
        completed: [copy('Approve', 'decision')],
        // In and out: a forced completion keeps only the declared outputs of the input, as in YAWL.
        outputParams: [{ name: 'decision' }],
      },
      Archive: { timer: { trigger: 'OnExecuting', expiry: '2025-01-02T00:00:00Z' } },
    },
  });

  it('skips an item not started when its OnEnabled timer expires', () => {
    const run = CaseDriver.launch(spec);
    const approve = run.item('Approve');
    expect(approve.timerExpiresAt).toBe('2025-01-01T00:10:00.000Z');
    run.now = '2025-01-01T00:05:00.000Z';
    expect(run.try({ type: 'timerExpired', workItemId: approve.id })).toMatchObject({ ok: false, error: { code: 'TIMER_NOT_DUE' } });
    run.now = '2025-01-01T00:10:00.000Z';
    run.run({ type: 'timerExpired', workItemId: approve.id });
    expect(run.case.workItems[approve.id]!.status).toBe('skipped');
    expect(run.events.find((event) => event.type === 'workitem.timer-expired')).toMatchObject({ workItemId: approve.id, outcome: 'skipped' });
    expect(run.liveTasks()).toEqual(['Archive']);
    expect(run.item('Archive').timerExpiresAt).toBeUndefined();
  });

  it('force-completes a started item with its current data', () => {
    const run = CaseDriver.launch(spec);
    run.complete('Approve', '<Approve><decision>ok</decision></Approve>');
    const archive = run.start('Archive');
    expect(archive.timerExpiresAt).toBe('2025-01-02T00:00:00.000Z');
    run.now = '2025-01-03T00:00:00.000Z';
    run.run({ type: 'timerExpired', workItemId: archive.id });
    expect(run.events.find((event) => event.type === 'workitem.timer-expired')).toMatchObject({ outcome: 'force-completed' });
    expect(run.case.workItems[archive.id]!.status).toBe('completed');
    expect(run.case.status).toBe('completed');
  });

  it('force-completes a started item, its input mapped back as output', () => {
    const run = CaseDriver.launch(spec);
    const approve = run.start('Approve');
    run.now = '2025-01-01T01:00:00.000Z';
    run.run({ type: 'timerExpired', workItemId: approve.id });
    expect(run.case.workItems[approve.id]!.outputData).toBe('<Approve><decision>pending</decision></Approve>');
    expect(run.variable('decision')).toBe('pending');
  });

  it('a pending timer keeps the case from being deadlocked', () => {
    const run = CaseDriver.launch(spec);
    expect(run.case.status).toBe('running');
  });
});
