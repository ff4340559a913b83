import { describe, expect, it } from 'vitest';
import type { NetDecomposition, Specification, Task } from './model.js';
import { parseSpecificationSet } from './parse.js';
import { REAL_SPECS, atomicXml, readRealSpec, simpleNet, specXml, taskXml } from './testing/fixtures.js';
import { verifySpecification } from './verify.js';

function parseReal(name: (typeof REAL_SPECS)[number]): { spec: Specification; warnings: string[] } {
  const result = parseSpecificationSet(readRealSpec(name));
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

describe('parseSpecificationSet on the real specifications', () => {
  it.each(REAL_SPECS)('%s parses and verifies without errors', (name) => {
    const { spec } = parseReal(name);
    const errors = verifySpecification(spec).filter((issue) => issue.severity === 'error');
    expect(errors).toEqual([]);
  });

  it('reads OrganiseConcert exactly', () => {
    const { spec, warnings } = parseReal('OrganiseConcert');
    expect(warnings).toEqual([]);
    expect(spec.uri).toBe('OrganiseConcert');
    expect(spec.meta).toEqual({
      title: 'Organise Concert',
      creator: ['Adams'],
      description: 'Example used to test Worklet Service Exception Handling',
      version: '0.2',
      persistent: false,
      identifier: 'UID_d025e788-53b0-4c56-8817-209c652b9b00',
    });
    expect(spec.schema).toBe('');
    expect(spec.rootNetId).toBe('OrganiseConcert');
    const decompositions = Object.values(spec.decompositions);
    expect(decompositions.filter((d) => d.kind === 'net')).toHaveLength(1);
    expect(decompositions.filter((d) => d.kind === 'task').map((d) => d.id)).toEqual(['BookStadium', 'DoShow', 'SellTickets']);
    const root = net(spec, 'OrganiseConcert');
    const elements = Object.values(root.elements);
    expect(elements.filter((e) => e.kind === 'task')).toHaveLength(3);
    expect(elements.filter((e) => e.kind === 'condition')).toHaveLength(4);
    expect(elements.map((e) => e.id)).toEqual([
      'InputCondition', 'BookStadium', 'c{BookStadium_SellTickets}', 'SellTickets', 'c{SellTickets_DoShow}', 'DoShow', 'OutputCondition',
    ]);
    expect(root.inputConditionId).toBe('InputCondition');
    expect(root.outputConditionId).toBe('OutputCondition');
    expect(root.localVariables.map((v) => [v.name, v.type, v.initialValue])).toEqual([
      ['Seating', 'long', '25000'], ['VenueName', 'string', 'ANZ Stadium'], ['TicketsSold', 'long', '0'],
      ['VenueCost', 'double', '100000.00'], ['TicketCost', 'double', '90'],
    ]);
    expect(root.elements['c{BookStadium_SellTickets}']).toEqual({
      kind: 'condition', id: 'c{BookStadium_SellTickets}', role: 'plain', implicit: true, flows: [{ to: 'SellTickets', isDefault: false }],
    });
    const book = task(root, 'BookStadium');
    expect(book.flows).toEqual([{ to: 'c{BookStadium_SellTickets}', isDefault: false }]);
    expect(book).toMatchObject({ join: 'xor', split: 'and', decomposesTo: 'BookStadium', name: 'BookStadium' });
    expect(book.startingMappings[0]).toEqual({ expression: '<VenueCost>{/OrganiseConcert/VenueCost/text()}</VenueCost>', mapsTo: 'VenueCost' });
    expect(book.completedMappings).toHaveLength(3);
    expect(book.resourcing).toEqual({ offer: { initiator: 'user', roles: [], participants: [] }, allocate: { initiator: 'user' }, start: { initiator: 'user' } });
    const bookDecomposition = spec.decompositions.BookStadium;
    expect(bookDecomposition).toMatchObject({ kind: 'task', externalInteraction: 'manual' });
    expect(bookDecomposition?.inputParams.map((p) => p.name)).toEqual(['VenueName', 'VenueCost', 'Seating']);
  });

  it('reads timers, MI tasks, predicates, cancellation, resourcing and schema of orderfulfillment', () => {
    const { spec, warnings } = parseReal('orderfulfillment');
    expect(Object.values(spec.decompositions).filter((d) => d.kind === 'net')).toHaveLength(9);
    expect(spec.schema).toContain('<xs:complexType xmlns:xs="http://www.w3.org/2001/XMLSchema" name="PurchaseOrderType">');
    const freight = net(spec, 'Freight_in_Transit');
    const mi = task(freight, 'Log_Trackpoint_Order_Entry_4514');
    expect(mi.multiInstance).toMatchObject({
      minimum: '1', maximum: '2147483647', threshold: '2147483647', creationMode: 'static',
      input: { expression: '/Freight_in_Transit/TrackpointNotices', splittingExpression: 'for $i in /TrackpointNotices/* return $i', formalInputParam: 'TrackpointNotice' },
      output: { resultAppliedToLocalVariable: 'TrackpointOrderEntries' },
    });
    expect(mi.resourcing?.offer).toEqual({ initiator: 'system', roles: ['RO-80e204b8-bb52-46e9-ba01-3567568e1ad6'], participants: [] });
    const carrier = net(spec, 'Carrier_Appointment');
    expect(task(carrier, 'Carrier_Timeout_388').timer).toEqual({ trigger: 'OnEnabled', netParam: 'CarrierTimeout' });
    expect(task(carrier, 'Carrier_Timeout_388').removesTokens).toContain('null_512');
    const quote = task(carrier, 'Prepare_Transportation_Quote_390');
    expect(quote.split).toBe('xor');
    expect(quote.flows.find((f) => f.ordering === 1)?.predicate).toBe('/Carrier_Appointment/TransportationQuote/TotalVolume>=10000');
    expect(quote.flows.filter((f) => f.isDefault)).toHaveLength(1);
    expect(warnings).toContain('UNSUPPORTED_RESOURCING:Prepare_Route_Guide_387');
    // The one task privilege the engine enforces is read, not ignored.
    const modify = task(net(spec, 'Ordering'), 'Modify_Purchase_Order_2768');
    expect(modify.resourcing?.privileges).toEqual({ canSkip: { all: true, roles: [], participants: [] } });
    expect(spec.decompositions.Calculate_Carrier_Timeout).toMatchObject({ kind: 'task', codelet: 'ExampleCodelet', externalInteraction: 'automated' });
  });

  it('reads the OnExecuting duration timer of Sales and warns about the worklet service of Casualty_Treatment', () => {
    const sales = parseReal('Sales').spec;
    const timed = Object.values(net(sales, sales.rootNetId).elements).find((e) => e.kind === 'task' && e.timer !== undefined);
    expect(timed?.kind === 'task' && timed.timer).toEqual({ trigger: 'OnExecuting', duration: 'PT5S' });
    expect(parseReal('Casualty_Treatment').warnings).toEqual(['UNSUPPORTED_YAWL_SERVICE:Treat']);
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
