import { describe, expect, it } from 'vitest';
import type { NetDecomposition, Specification, Task } from './model.js';
import { parseSpecificationSet } from './parse.js';
import { SPECIFICATION_NAMES, atomicXml, readSpecification, simpleNet, specXml, taskXml, type SpecificationName } from './testing/fixtures.js';
import { verifySpecification } from './verify.js';

function parseFile(name: SpecificationName): { spec: Specification; warnings: string[] } {
  const result = parseSpecificationSet(readSpecification(name));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return { spec: result.set.specifications[0]!, warnings: result.warnings.map((w) => `${w.code}:${w.elementId}`) };
}

function net(spec: Specification, id: string): NetDecomposition {
  const decomposition = spec.decompositions[id];
  if (decomposition?.kind !== 'net') throw new Error(`${id} is not a net`);
  return decomposition;
}

function task(n: NetDecomposition, id: string): Task {
  const element = n.elements[id];
  if (element?.kind !== 'task') throw new Error(`${id} is not a task`);
  return element;
}

const USER_INITIATED = { offer: { initiator: 'user', roles: [], participants: [] }, allocate: { initiator: 'user' }, start: { initiator: 'user' } };

describe('parseSpecificationSet on the test specifications', () => {
  it.each(SPECIFICATION_NAMES)('%s parses and verifies without errors', (name) => {
    const { spec } = parseFile(name);
    const errors = verifySpecification(spec).filter((issue) => issue.severity === 'error');
    expect(errors).toEqual([]);
  });

  it('reads the concert exactly: metaData, typed variables, implicit conditions, mappings, an XOR split, resourcing', () => {
    const { spec, warnings } = parseFile('concert');
    expect(warnings).toEqual([]);
    expect(spec.uri).toBe('SummerConcert');
    expect(spec.meta).toEqual({
      title: 'Summer Concert',
      creator: ['Flowgraph tests'],
      description: 'Hire a venue, sell tickets, then stage the show or refund the tickets.',
      version: '0.2',
      persistent: false,
      identifier: 'UID_5a3c1e90-7f2b-4d1e-9c8a-0b6f4e2d7a11',
    });
    expect(spec.schema).toBe('');
    expect(spec.rootNetId).toBe('SummerConcert');
    const decompositions = Object.values(spec.decompositions);
    expect(decompositions.filter((d) => d.kind === 'net')).toHaveLength(1);
    expect(decompositions.filter((d) => d.kind === 'task').map((d) => d.id)).toEqual(['HireVenue', 'SellTickets', 'StageShow', 'RefundTickets']);
    const root = net(spec, 'SummerConcert');
    expect(Object.values(root.elements).map((e) => e.id)).toEqual([
      'Start', 'HireVenue', 'c{HireVenue_SellTickets}', 'SellTickets', 'c{SellTickets_StageShow}', 'c{SellTickets_RefundTickets}',
      'StageShow', 'RefundTickets', 'End',
    ]);
    expect(root.inputConditionId).toBe('Start');
    expect(root.outputConditionId).toBe('End');
    expect(root.localVariables.map((v) => [v.name, v.type, v.initialValue])).toEqual([
      ['Capacity', 'long', '18000'], ['Venue', 'string', 'Riverside Arena'], ['TicketsSold', 'long', '0'],
      ['VenueFee', 'double', '42000.50'], ['TicketPrice', 'double', '65'],
    ]);
    expect(root.elements['c{HireVenue_SellTickets}']).toEqual({
      kind: 'condition', id: 'c{HireVenue_SellTickets}', role: 'plain', implicit: true, flows: [{ to: 'SellTickets', isDefault: false }],
    });
    const hire = task(root, 'HireVenue');
    expect(hire.flows).toEqual([{ to: 'c{HireVenue_SellTickets}', isDefault: false }]);
    expect(hire).toMatchObject({ join: 'xor', split: 'and', decomposesTo: 'HireVenue', name: 'Hire venue' });
    expect(hire.startingMappings[0]).toEqual({ expression: '<Venue>{/SummerConcert/Venue/text()}</Venue>', mapsTo: 'Venue' });
    expect(hire.completedMappings).toHaveLength(3);
    expect(hire.resourcing).toEqual(USER_INITIATED);
    const sell = task(root, 'SellTickets');
    expect(sell.split).toBe('xor');
    expect(sell.flows).toEqual([
      { to: 'c{SellTickets_StageShow}', isDefault: false, ordering: 0, predicate: '/SummerConcert/TicketsSold >= 1000' },
      { to: 'c{SellTickets_RefundTickets}', isDefault: true },
    ]);
    expect(task(root, 'RefundTickets').resourcing?.offer).toEqual({ initiator: 'system', roles: ['admin'], participants: [] });
    const hireDecomposition = spec.decompositions.HireVenue;
    expect(hireDecomposition).toMatchObject({ kind: 'task', externalInteraction: 'manual' });
    expect(hireDecomposition?.inputParams.map((p) => p.name)).toEqual(['Venue', 'VenueFee', 'Capacity']);
  });

  it('reads timers, MI tasks, predicates, cancellation, resourcing and schema of the shipment', () => {
    const { spec, warnings } = parseFile('shipment');
    expect(Object.values(spec.decompositions).filter((d) => d.kind === 'net').map((d) => d.id)).toEqual(['Shipment', 'CarrierAppointment', 'InTransit']);
    expect(spec.schema).toContain('<xs:complexType xmlns:xs="http://www.w3.org/2001/XMLSchema" name="BookingType">');
    const transit = net(spec, 'InTransit');
    const mi = task(transit, 'LogCheckpoint');
    expect(mi.multiInstance).toEqual({
      minimum: '1', maximum: '50', threshold: '50', creationMode: 'static',
      input: { expression: '/InTransit/Checkpoints', splittingExpression: 'for $c in /Checkpoints/* return $c', formalInputParam: 'Checkpoint' },
      output: {
        formalOutputExpression: '/LogCheckpoint/Checkpoint',
        outputJoiningExpression: '<Logged>{for $c in /LogCheckpoint/Checkpoint return $c}</Logged>',
        resultAppliedToLocalVariable: 'Logged',
      },
    });
    expect(mi.resourcing?.offer).toEqual({ initiator: 'system', roles: ['dispatcher'], participants: [] });
    const carrier = net(spec, 'CarrierAppointment');
    expect(task(carrier, 'CarrierTimeout').timer).toEqual({ trigger: 'OnEnabled', netParam: 'Deadline' });
    expect(task(carrier, 'CarrierTimeout').removesTokens).toEqual(['PrepareQuote', 'PlanRoute', 'QuoteReady', 'RouteReady', 'ConfirmCarrier']);
    expect(task(carrier, 'ConfirmCarrier')).toMatchObject({ join: 'and', removesTokens: ['CarrierTimeout'] });
    const appoint = task(net(spec, 'Shipment'), 'Appoint');
    expect(appoint).toMatchObject({ split: 'xor', decomposesTo: 'CarrierAppointment' });
    expect(appoint.flows.find((f) => f.ordering === 0)?.predicate).toBe("/Shipment/TimedOut = 'true'");
    expect(appoint.flows.filter((f) => f.isDefault).map((f) => f.to)).toEqual(['c{Appoint_Transit}']);
    // The allocator is not run: imported with a warning, offered by the system all the same.
    expect(warnings).toEqual(['UNSUPPORTED_RESOURCING:PlanRoute']);
    expect(task(carrier, 'PlanRoute').resourcing).toMatchObject({ offer: { initiator: 'system', roles: ['dispatcher'] }, allocate: { initiator: 'system' } });
    // The one task privilege the engine enforces is read, not ignored.
    expect(task(net(spec, 'Shipment'), 'Settle').resourcing?.privileges).toEqual({ canSkip: { all: true, roles: [], participants: [] } });
    expect(spec.decompositions.ComputeDeadline).toMatchObject({ kind: 'task', codelet: 'DeadlineCodelet', externalInteraction: 'automated' });
  });

  it('reads the OnExecuting duration timer of the triage and warns about its custom YAWL service', () => {
    const { spec, warnings } = parseFile('triage');
    const timed = Object.values(net(spec, spec.rootNetId).elements).filter((e) => e.kind === 'task' && e.timer !== undefined);
    expect(timed.map((e) => [e.id, e.kind === 'task' && e.timer])).toEqual([['Treat', { trigger: 'OnExecuting', duration: 'PT5S' }]]);
    expect(warnings).toEqual(['UNSUPPORTED_YAWL_SERVICE:Assess']);
    expect(spec.meta.identifier).toBeUndefined();
  });
});

describe('parseSpecificationSet failures', () => {
  it('reports malformed XML with line and column', () => {
    const result = parseSpecificationSet('<specificationSet>\n  <specification></specificationSet>');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ severity: 'error', code: 'XML_MALFORMED', elementId: 'specificationSet' });
    expect(result.issues[0]!.message).toMatch(/2:\d+: unexpected close tag/);
  });

  it.each([
    ['<html><body/></html>'],
    ['<specificationSet version="4.0"/>'],
    ['<specificationSet xmlns="http://www.citi.qut.edu.au/yawl" version="Beta 7.1"/>'],
  ])('rejects a non-YAWL document %s', (xml) => {
    const result = parseSpecificationSet(xml);
    expect(result.ok ? [] : result.issues.map((i) => i.code)).toEqual(['NOT_YAWL']);
  });

  it('rejects an unsupported schema version', () => {
    const result = parseSpecificationSet(specXml(atomicXml('A'), '', '1.0'));
    expect(result.ok ? [] : result.issues.map((i) => i.code)).toEqual(['UNSUPPORTED_SCHEMA_VERSION']);
  });

  it('rejects unsupported constructs and duplicate ids', () => {
    const gateway = simpleNet('N', 'A', taskXml('A', ['N_o'])).replace('</decomposition>', '<externalDataGateway>db</externalDataGateway></decomposition>');
    const untyped = atomicXml('B', '<inputParam><index>0</index><name>x</name><isUntyped/></inputParam>');
    // Ids are scoped per net (YAWL's NetElementKey_Inner): M may reuse N's A, but not its own A twice.
    const duplicate = simpleNet('M', 'A', taskXml('A', ['M_o']) + taskXml('A', ['M_o']), { root: false });
    const result = parseSpecificationSet(specXml(gateway + untyped + duplicate + '<decomposition id="C" xsi:type="Foo"/>'));
    expect(result.ok ? [] : result.issues.map((i) => `${i.code}:${i.elementId}${i.netId ? `@${i.netId}` : ''}`)).toEqual([
      'UNSUPPORTED_DATA_GATEWAY:N', 'UNSUPPORTED_VARIABLE:B', 'DUPLICATE_ID:A@M', 'UNSUPPORTED_DECOMPOSITION_TYPE:C',
    ]);
  });

  it('rejects a timer counting work days only, which would otherwise run on calendar time', () => {
    const timed = (timer: string) => parseSpecificationSet(specXml(simpleNet('N', 'A', taskXml('A', ['N_o'], { body: `<timer>${timer}</timer>` }))));
    for (const timer of ['<trigger>OnEnabled</trigger><duration>P2D</duration><workdays>true</workdays>', '<netparam>t</netparam><workdays>1</workdays>']) {
      const result = timed(timer);
      expect(result.ok ? [] : result.issues.map((i) => `${i.severity}:${i.code}:${i.elementId}`)).toEqual(['error:UNSUPPORTED_TIMER_WORKDAYS:A']);
    }
    const calendar = timed('<trigger>OnEnabled</trigger><duration>P2D</duration><workdays>false</workdays>');
    expect(calendar.ok && calendar.warnings).toEqual([]);
  });

  it('rejects invalid join codes', () => {
    const result = parseSpecificationSet(specXml(simpleNet('N', 'A', taskXml('A', ['N_o'], { join: 'nand' }))));
    expect(result.ok ? [] : result.issues.map((i) => `${i.code}:${i.elementId}`)).toEqual(['INVALID_VALUE:A']);
  });
});
