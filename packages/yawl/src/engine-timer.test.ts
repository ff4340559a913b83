import { describe, expect, it } from 'vitest';
import { addDuration, expiryInstant, timerExpiryAt } from './engine-timer.js';
import { EngineError } from './engine-types.js';
import type { Specification, Timer } from './model.js';
import { parseSpecificationSet } from './parse.js';
import { CaseDriver } from './testing/driver.js';
import { atomicXml, readSpecification, simpleNet, specXml, taskXml, variableXml } from './testing/fixtures.js';
import { readTimerRecord } from './timer-record.js';
import { verifySpecification } from './verify.js';

describe('timer arithmetic', () => {
  it('adds ISO-8601 durations, calendar units first', () => {
    expect(addDuration('2025-01-31T00:00:00Z', 'PT10M')).toBe('2025-01-31T00:10:00.000Z');
    expect(addDuration('2025-01-01T00:00:00Z', 'P1DT2H30M15S')).toBe('2025-01-02T02:30:15.000Z');
    expect(addDuration('2025-01-15T00:00:00Z', 'P1Y2M')).toBe('2026-03-15T00:00:00.000Z');
    expect(addDuration('2025-01-01T00:00:00Z', 'P2W')).toBe('2025-01-15T00:00:00.000Z');
    expect(() => addDuration('2025-01-01T00:00:00Z', 'P')).toThrow(EngineError);
    expect(() => addDuration('2025-01-01T00:00:00Z', '10 minutes')).toThrow(EngineError);
  });

  it('reads a fixed expiry as epoch milliseconds (as YAWL writes it) or an ISO date-time', () => {
    expect(expiryInstant('1735689600000')).toBe('2025-01-01T00:00:00.000Z');
    expect(expiryInstant('2025-02-01T00:00:00Z')).toBe('2025-02-01T00:00:00.000Z');
  });
});

describe('YTimerType records', () => {
  const record = (entries: Record<string, string>): ReturnType<typeof readTimerRecord> => readTimerRecord(new Map(Object.entries(entries)));

  it('reads the trigger and an expiry that is a duration, a date-time or epoch milliseconds', () => {
    expect(record({ trigger: 'OnEnabled', expiry: 'P3D' })).toEqual({ ok: true, setting: { trigger: 'OnEnabled', duration: 'P3D' } });
    expect(record({ trigger: ' OnExecuting ', expiry: '2025-02-01T00:00:00Z', workdays: 'false' })).toEqual({
      ok: true, setting: { trigger: 'OnExecuting', expiry: '2025-02-01T00:00:00Z' },
    });
    expect(record({ trigger: 'OnEnabled', expiry: '1735689600000' })).toEqual({ ok: true, setting: { trigger: 'OnEnabled', expiry: '1735689600000' } });
  });

  it.each([
    [{ expiry: 'P3D' }, 'no <trigger>'],
    [{ trigger: 'OnStarted', expiry: 'P3D' }, 'trigger "OnStarted"'],
    [{ trigger: 'OnEnabled' }, 'no <expiry>'],
    [{ trigger: 'OnEnabled', expiry: 'P3X' }, 'not an xs:duration'],
    [{ trigger: 'OnEnabled', expiry: 'soon' }, 'neither an xs:duration'],
    [{ trigger: 'OnEnabled', expiry: 'P3D', workdays: 'true' }, 'work-day timers'],
  ])('refuses %j', (fields, message) => {
    const result = record(fields);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });

  it('starts a late-bound timer at the phase its variable names, measured from then', () => {
    const timer: Timer = { trigger: 'OnEnabled', netParam: 'wait' };
    const data = '<N><wait><trigger>OnExecuting</trigger> <expiry>PT1H</expiry></wait></N>';
    expect(timerExpiryAt(timer, 'OnEnabled', '2025-01-01T00:00:00Z', data, 'T')).toBeUndefined();
    expect(timerExpiryAt(timer, 'OnExecuting', '2025-01-01T05:00:00Z', data, 'T')).toBe('2025-01-01T06:00:00.000Z');
    expect(() => timerExpiryAt(timer, 'OnEnabled', '2025-01-01T00:00:00Z', '<N><wait>PT1H</wait></N>', 'T')).toThrow(/net variable wait does not hold a valid YTimerType value: it has no <trigger>/);
    expect(() => timerExpiryAt(timer, 'OnEnabled', '2025-01-01T00:00:00Z', '<N/>', 'T')).toThrow(EngineError);
  });
});

function parsed(xml: string): Specification {
  const result = parseSpecificationSet(xml);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  const spec = result.set.specifications[0]!;
  const errors = verifySpecification(spec).filter((issue) => issue.severity === 'error');
  if (errors.length > 0) throw new Error(JSON.stringify(errors));
  return spec;
}

describe('a task timer bound to a net variable', () => {
  // Set writes the timer record from its output (as the shipment's ComputeDeadline
  // does); Wait's timer reads it.
  const mapping = '&lt;wait&gt;&lt;trigger&gt;{/SetD/trigger/text()}&lt;/trigger&gt;&lt;expiry&gt;{/SetD/expiry/text()}&lt;/expiry&gt;&lt;/wait&gt;';
  const spec = parsed(specXml(
    simpleNet('N', 'Set',
      taskXml('Set', ['Wait'], { decomposesTo: 'SetD', body: `<completedMappings><mapping><expression query="${mapping}"/><mapsTo>wait</mapsTo></mapping></completedMappings>` }) +
      taskXml('Wait', ['N_o'], { decomposesTo: 'A', body: '<timer><netparam>wait</netparam></timer>' }),
      { variables: variableXml('localVariable', 'wait', 'YTimerType') }) +
    atomicXml('SetD', variableXml('outputParam', 'trigger') + variableXml('outputParam', 'expiry', 'string', 1)) + atomicXml('A'),
  ));
  const setTimer = (run: CaseDriver, trigger: string, expiry: string): ReturnType<CaseDriver['try']> => {
    const item = run.item('Set');
    run.run({ type: 'startItem', workItemId: item.id });
    return run.try({ type: 'completeItem', workItemId: item.id, output: `<SetD><trigger>${trigger}</trigger><expiry>${expiry}</expiry></SetD>` });
  };

  it('OnEnabled: the timer runs from enabling and skips the item when it expires', () => {
    const run = CaseDriver.launch(spec);
    expect(setTimer(run, 'OnEnabled', 'P2D')).toMatchObject({ ok: true });
    const wait = run.item('Wait');
    expect(wait.timerExpiresAt).toBe('2025-01-03T00:00:00.000Z');
    run.now = '2025-01-03T00:00:00.000Z';
    run.run({ type: 'timerExpired', workItemId: wait.id });
    expect(run.case.workItems[wait.id]!.status).toBe('skipped');
    expect(run.case.status).toBe('completed');
  });

  it('OnExecuting: no timer until the item starts, then it force-completes it', () => {
    const run = CaseDriver.launch(spec);
    setTimer(run, 'OnExecuting', 'PT1H');
    expect(run.item('Wait').timerExpiresAt).toBeUndefined();
    run.now = '2025-01-01T10:00:00.000Z';
    const wait = run.start('Wait');
    expect(wait.timerExpiresAt).toBe('2025-01-01T11:00:00.000Z');
    run.now = '2025-01-01T11:00:00.000Z';
    run.run({ type: 'timerExpired', workItemId: wait.id });
    expect(run.events.find((event) => event.type === 'workitem.timer-expired')).toMatchObject({ workItemId: wait.id, outcome: 'force-completed' });
    expect(run.case.status).toBe('completed');
  });

  it('refuses a bad record with TIMER_INVALID when the timer would start, changing nothing', () => {
    const run = CaseDriver.launch(spec);
    const result = setTimer(run, 'OnEnabled', 'in three days');
    expect(result).toMatchObject({ ok: false, error: { code: 'TIMER_INVALID' } });
    expect(result.ok ? '' : result.error.message).toMatch(/task Wait: net variable wait .*expiry "in three days"/);
    expect(run.item('Set').status).toBe('started');
    expect(run.live('Wait')).toEqual([]);
  });
});

describe('shipment: the carrier timeout, bound to a deadline a codelet task computes', () => {
  const BOOKING = '<Booking><Shipper><Name>ACME</Name><Street>1 Wharf Road</Street><City>Brisbane</City><Phone>0</Phone></Shipper>'
    + '<Reference>BK-1</Reference><BookedOn>2025-01-01</BookedOn><Currency>AUD</Currency><Revision>0</Revision>'
    + '<Lines><Line><LineNumber>1</LineNumber><Sku>CRATE-S</Sku><Quantity>2</Quantity></Line></Lines><Insured>false</Insured><FreightCost>10</FreightCost></Booking>';

  /** Runs the shipment to the carrier appointment, with the deadline set to three days. */
  function toCarrierTimeout(): { run: CaseDriver; appointmentId: string; timeoutId: string } {
    const run = CaseDriver.launch(parsed(readSpecification('shipment')));
    run.complete('TakeBooking', `<TakeBooking>${BOOKING}</TakeBooking>`);
    // Appoint is a composite task: the engine starts it, and its subnet, itself.
    const appointment = run.item('Appoint');
    expect(run.liveTasks()).toEqual(['Appoint', 'ComputeDeadline']);
    // The subnet got the booking through Appoint's starting mapping, and ComputeDeadline from the subnet.
    expect(run.start('ComputeDeadline').inputData).toContain('<Reference>BK-1</Reference>');
    run.complete('ComputeDeadline', '<ComputeDeadline><Days>3</Days></ComputeDeadline>');
    expect(run.case.netInstances[appointment.id]!.data).toContain('<Deadline><trigger>OnEnabled</trigger><expiry>P3D</expiry></Deadline>');
    expect(run.case.netInstances[appointment.id]!.data).toContain('<TimedOut>false</TimedOut>');
    return { run, appointmentId: appointment.id, timeoutId: run.item('CarrierTimeout').id };
  }

  it('runs the days ComputeDeadline set from enabling and, expiring, cancels the quoting and routing region', () => {
    const { run, appointmentId, timeoutId } = toCarrierTimeout();
    expect(run.case.workItems[timeoutId]!.timerExpiresAt).toBe('2025-01-04T00:00:00.000Z');
    expect(run.liveTasks()).toEqual(['Appoint', 'CarrierTimeout', 'PlanRoute', 'PrepareQuote']);
    run.now = '2025-01-04T00:00:00.000Z';
    run.run({ type: 'timerExpired', workItemId: timeoutId });
    expect(run.case.workItems[timeoutId]!.status).toBe('skipped');
    const cancelled = run.events.filter((event) => event.reason === 'cancellation-set:CarrierTimeout').map((event) => event.taskId);
    expect(cancelled.sort()).toEqual(['PlanRoute', 'PrepareQuote']);
    expect(run.case.workItems[appointmentId]!.status).toBe('completed');
  });

  // CarrierTimeout's only job is its completed mapping TimedOut := true, which YAWL runs on a skip;
  // Appoint passes the flag up, and the XOR split after it ends the shipment there.
  it.each([
    ['its timer expires', { type: 'timerExpired' }],
    ['someone skips it', { type: 'skipItem' }],
  ] as const)('when %s, marks the shipment timed out and the case takes the timed-out branch', (_when, command) => {
    const { run, appointmentId, timeoutId } = toCarrierTimeout();
    run.now = '2025-01-04T00:00:00.000Z';
    run.run({ ...command, workItemId: timeoutId });
    expect(run.case.netInstances[appointmentId]!.data).toContain('<TimedOut>true</TimedOut>');
    expect(run.variable('TimedOut')).toBe('true');
    const enabled = run.events.filter((event) => event.type === 'workitem.enabled').map((event) => event.taskId);
    expect(enabled).not.toContain('Transit');
    expect(enabled).not.toContain('Settle');
    expect(run.case.status).toBe('completed');
  });

  it('when the carrier is confirmed first, cancels the timer and the shipment moves on', () => {
    const { run, appointmentId, timeoutId } = toCarrierTimeout();
    run.complete('PrepareQuote', '<PrepareQuote><Quote><Carrier>Coastal</Carrier><Volume>60</Volume><Price>900.00</Price></Quote></PrepareQuote>');
    run.complete('PlanRoute');
    run.complete('ConfirmCarrier');
    expect(run.case.workItems[timeoutId]!.status).toBe('cancelled');
    expect(run.live('CarrierTimeout')).toEqual([]);
    expect(run.case.workItems[appointmentId]!.status).toBe('completed');
    expect(run.variable('TimedOut')).toBe('false');
    expect(run.liveTasks()).toContain('Transit');
  });
});
