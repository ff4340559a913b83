/**
 * Skipping, by command and by an OnEnabled timer: as in YAWL's YEngine.skipWorkItem the item's
 * input becomes its output, so the task's completed mappings still run.
 */
import { describe, expect, it } from 'vitest';
import type { Specification } from './model.js';
import { parseSpecificationSet } from './parse.js';
import { CaseDriver } from './testing/driver.js';
import { buildSpec, copy } from './testing/spec-builder.js';
import { atomicXml, simpleNet, specXml, taskXml, variableXml } from './testing/fixtures.js';

/** Review's completion marks the claim escalated, which its XOR-split then follows. */
function claimSpec(timed = false): Specification {
  return buildSpec({
    id: 'Claim',
    flows: ['start -> Review', 'Review -> Escalate', 'Review -> Settle', 'Escalate -> end', 'Settle -> end'],
    variables: { amount: '500', escalated: 'false' },
    tasks: {
      Review: {
        split: 'xor',
        predicates: { Escalate: "/Claim/escalated/text() = 'true'" },
        defaultFlow: 'Settle',
        starting: [copy('Claim', 'amount')],
        completed: [copy('Review', 'amount'), { expression: '<escalated>true</escalated>', mapsTo: 'escalated' }],
        outputParams: [{ name: 'amount' }],
        ...(timed ? { timer: { trigger: 'OnEnabled', duration: 'PT1H' } as const } : {}),
      },
    },
  });
}

describe('skipping runs the completed mappings', () => {
  it('a skipped task sets the net variable its completion maps, and the XOR-split after it follows', () => {
    const run = CaseDriver.launch(claimSpec());
    const review = run.item('Review');
    const events = run.run({ type: 'skipItem', workItemId: review.id });
    expect(run.variable('escalated')).toBe('true');
    expect(run.variable('amount')).toBe('500');
    expect(run.liveTasks()).toEqual(['Escalate']);
    expect(events.map((event) => [event.type, event.taskId])).toEqual([
      ['workitem.skipped', 'Review'],
      ['workitem.enabled', 'Escalate'],
    ]);
    expect(events[0]).toMatchObject({ workItemId: review.id, data: '<Review><amount>500</amount></Review>' });
    expect(run.case.workItems[review.id]).toMatchObject({ status: 'skipped', inputData: '<Review><amount>500</amount></Review>' });
    expect(run.case.workItems[review.id]!.startedAt).toBeUndefined();
  });

  it('does the same when an OnEnabled timer skips the task', () => {
    const run = CaseDriver.launch(claimSpec(true));
    const review = run.item('Review');
    run.now = '2025-01-01T01:00:00.000Z';
    const events = run.run({ type: 'timerExpired', workItemId: review.id });
    expect(events.map((event) => event.type)).toEqual(['workitem.timer-expired', 'workitem.skipped', 'workitem.enabled']);
    expect(events[0]).toMatchObject({ outcome: 'skipped' });
    expect(run.variable('escalated')).toBe('true');
    expect(run.liveTasks()).toEqual(['Escalate']);
  });
});

describe('the output a skip makes from the input (YEngine.mapOutputDataForSkippedWorkItem)', () => {
  // Check's decomposition: `customer` in only, `total` in and out, then output-only parameters.
  const outputOnly = (extra: string): string =>
    variableXml('outputParam', 'approved', 'boolean', 2) + variableXml('outputParam', 'count', 'long', 3) +
    variableXml('outputParam', 'remark', 'string', 4) + variableXml('outputParam', 'tier', 'string', 5, '<defaultValue>gold</defaultValue>') + extra;
  const back = ['total', 'approved', 'count', 'remark', 'tier'].map((name) =>
    `<mapping><expression query="&lt;${name}&gt;{/CheckD/${name}/text()}&lt;/${name}&gt;"/><mapsTo>${name}</mapsTo></mapping>`).join('');
  const start = ['customer', 'total'].map((name) =>
    `<mapping><expression query="&lt;${name}&gt;{/N/${name}/text()}&lt;/${name}&gt;"/><mapsTo>${name}</mapsTo></mapping>`).join('');
  const spec = (extra = '', timer = ''): Specification => {
    const variables = [['customer', 'string', 'ACME'], ['total', 'long', '12'], ['approved', 'boolean', 'true'], ['count', 'long', '5'], ['remark', 'string', 'none'], ['tier', 'string', 'bronze']]
      .map(([name, type, value], index) => variableXml('localVariable', name!, type, index, `<initialValue>${value}</initialValue>`)).join('');
    const check = taskXml('Check', ['N_o'], { decomposesTo: 'CheckD', body: `<startingMappings>${start}</startingMappings><completedMappings>${back}</completedMappings>${timer}` });
    const decomposition = atomicXml('CheckD', variableXml('inputParam', 'customer') + variableXml('inputParam', 'total', 'long', 1) + variableXml('outputParam', 'total', 'long', 1) + outputOnly(extra));
    const result = parseSpecificationSet(specXml(simpleNet('N', 'Check', check, { variables }) + decomposition, '<xs:simpleType name="Grade"><xs:restriction base="xs:string"/></xs:simpleType>'));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return result.set.specifications[0]!;
  };

  it('keeps in-out values, drops input-only ones, and gives output-only ones their default or their type\'s', () => {
    const run = CaseDriver.launch(spec());
    const events = run.run({ type: 'skipItem', workItemId: run.item('Check').id });
    expect(events[0]).toMatchObject({
      type: 'workitem.skipped',
      data: '<CheckD><total>12</total><approved>false</approved><count>0</count><remark/><tier>gold</tier></CheckD>',
    });
    expect(['total', 'approved', 'count', 'remark', 'tier'].map((name) => run.variable(name))).toEqual(['12', 'false', '0', '', 'gold']);
    expect(run.case.status).toBe('completed');
  });

  it('refuses to skip when an output-only parameter of a custom type has no default, changing nothing', () => {
    const run = CaseDriver.launch(spec(variableXml('outputParam', 'grade', 'Grade', 6)));
    const before = structuredClone(run.case);
    const result = run.try({ type: 'skipItem', workItemId: run.item('Check').id });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    expect(result.ok ? '' : result.error.message).toContain('output-only parameter grade (type Grade) needs a default value');
    expect(run.case).toStrictEqual(before);
  });

  // YAWL would write 0 for all of these; 0 is no value of a positiveInteger, an empty string none of a token.
  it.each([
    ['positiveInteger', '<extra>1</extra>'], ['negativeInteger', '<extra>-1</extra>'], ['nonPositiveInteger', '<extra>0</extra>'],
    ['unsignedByte', '<extra>0</extra>'], ['decimal', '<extra>0</extra>'], ['double', '<extra>0</extra>'],
    ['token', '<extra/>'], ['anyURI', '<extra/>'], ['normalizedString', '<extra/>'], ['anyType', '<extra/>'],
    // The empty value is a valid one of the binary types.
    ['base64Binary', '<extra/>'], ['hexBinary', '<extra/>'],
  ])('gives an output-only %s parameter a value of its type', (type, element) => {
    const run = CaseDriver.launch(spec(variableXml('outputParam', 'extra', type, 6)));
    const [skipped] = run.run({ type: 'skipItem', workItemId: run.item('Check').id });
    expect(skipped).toMatchObject({ type: 'workitem.skipped', data: expect.stringContaining(`<remark/>${element}<tier>gold</tier>`) });
  });

  // ...nor can an XML name be empty.
  it.each(['date', 'dateTime', 'time', 'duration', 'gYear', 'gMonthDay', 'NCName', 'Name', 'QName', 'language', 'ID', 'NMTOKEN'])(
    'refuses to skip when an output-only %s parameter has no default: its type has no value to make up',
    (type) => {
      const run = CaseDriver.launch(spec(variableXml('outputParam', 'due', type, 6)));
      const before = structuredClone(run.case);
      const result = run.try({ type: 'skipItem', workItemId: run.item('Check').id });
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
      expect(result.ok ? '' : result.error.message).toContain(`output-only parameter due (type ${type}) needs a default value`);
      expect(run.case).toStrictEqual(before);
    },
  );

  it('takes a declared default over the type having none', () => {
    const run = CaseDriver.launch(spec(variableXml('outputParam', 'due', 'date', 6, '<defaultValue>2025-01-31</defaultValue>')));
    const [skipped] = run.run({ type: 'skipItem', workItemId: run.item('Check').id });
    expect(skipped!.data).toContain('<due>2025-01-31</due>');
  });

  it('on a timer that cannot skip, spends the timer and leaves the item enabled, as YAWL does', () => {
    const run = CaseDriver.launch(spec(variableXml('outputParam', 'grade', 'Grade', 6), '<timer><trigger>OnEnabled</trigger><duration>PT1H</duration></timer>'));
    const check = run.item('Check');
    run.now = '2025-01-01T01:00:00.000Z';
    const events = run.run({ type: 'timerExpired', workItemId: check.id });
    expect(events).toEqual([expect.objectContaining({ type: 'workitem.timer-expired', workItemId: check.id })]);
    expect(events[0]!.outcome).toBeUndefined();
    expect(run.case.workItems[check.id]).toMatchObject({ status: 'enabled' });
    expect(run.case.workItems[check.id]!.timerExpiresAt).toBeUndefined();
    expect(run.variable('approved')).toBe('true');
  });

  it('on a timer that cannot force-complete a started item, leaves it started, as YAWL does', () => {
    const run = CaseDriver.launch(spec(variableXml('outputParam', 'grade', 'Grade', 6), '<timer><trigger>OnExecuting</trigger><duration>PT1H</duration></timer>'));
    const check = run.start('Check');
    run.now = '2025-01-01T01:00:00.000Z';
    const events = run.run({ type: 'timerExpired', workItemId: check.id });
    expect(events.map((event) => [event.type, event.outcome])).toEqual([['workitem.timer-expired', undefined]]);
    expect(run.case.workItems[check.id]).toMatchObject({ status: 'started' });
    run.run({ type: 'completeItem', workItemId: check.id, output: '<CheckD><total>1</total><grade>A</grade></CheckD>' });
    expect(run.case.status).toBe('completed');
  });
});

describe('skipping a composite task', () => {
  it('is refused: the engine started it on enabling, so only its subnet\'s items are there to skip', () => {
    const spec = buildSpec(
      {
        id: 'Main',
        flows: ['start -> Sub', 'Sub -> Next', 'Next -> end'],
        variables: { x: '3' },
        tasks: { Sub: { composite: 'Inner', starting: [copy('Main', 'x')], completed: [copy('Inner', 'x')] } },
      },
      { id: 'Inner', flows: ['start -> Work', 'Work -> end'], inputParams: ['x'], outputParams: ['x'] },
    );
    const run = CaseDriver.launch(spec);
    const sub = run.item('Sub');
    expect(run.try({ type: 'skipItem', workItemId: sub.id })).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    run.run({ type: 'skipItem', workItemId: run.item('Work').id });
    expect(run.case.workItems[sub.id]).toMatchObject({ status: 'completed', outputData: '<Inner><x>3</x></Inner>' });
    expect(run.variable('x')).toBe('3');
    expect(run.liveTasks()).toEqual(['Next']);
  });
});
