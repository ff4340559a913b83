import { describe, expect, it } from 'vitest';
import { jsonToXml, xmlToJson } from './data.js';
import type { Specification, Variable } from './model.js';
import { parseSpecificationSet } from './parse.js';
import { readSpecification } from './testing/fixtures.js';

const v = (name: string, type: string, index: number, mandatory?: boolean): Variable => ({ name, type, index, ...(mandatory ? { mandatory } : {}) });

const simple: Variable[] = [
  v('Seating', 'long', 0), v('Venue', 'string', 1), v('Cost', 'double', 2), v('Paid', 'boolean', 3),
  v('On', 'date', 4), v('At', 'dateTime', 5), v('Price', 'decimal', 6), v('Wait', 'duration', 7),
];

describe('jsonToXml / xmlToJson with built-in types', () => {
  it('converts every simple type and round-trips', () => {
    const json = { Seating: 25000, Venue: 'ANZ <Stadium> & "Co"', Cost: 1.5, Paid: true, On: '2024-02-29', At: '2024-03-01T10:00:00Z', Price: 1e21, Wait: 'PT5M' };
    const result = jsonToXml('Concert', simple, json, '');
    expect(result).toEqual({
      ok: true,
      xml: '<Concert><Seating>25000</Seating><Venue>ANZ &lt;Stadium&gt; &amp; "Co"</Venue><Cost>1.5</Cost><Paid>true</Paid>'
        + '<On>2024-02-29</On><At>2024-03-01T10:00:00Z</At><Price>1000000000000000000000</Price><Wait>PT5M</Wait></Concert>',
    });
    expect(result.ok && xmlToJson(simple, result.xml)).toEqual(json);
  });

  it('reports every bad field', () => {
    const result = jsonToXml('Concert', [...simple, v('Id', 'int', 8, true)], {
      Seating: 2.5, Venue: 3, Cost: 'cheap', Paid: 'yes', On: '2023-02-29', At: '2024-03-01', Extra: 1, Price: Number.NaN, Wait: 'five minutes',
    }, '');
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(['Extra', 'Seating', 'Venue', 'Cost', 'Paid', 'On', 'At', 'Price', 'Wait', 'Id']);
    expect(result.ok ? undefined : result.errors.find((e) => e.field === 'Id')?.message).toBe('required');
    expect(jsonToXml('R', [v('n', 'int', 0)], { n: 2 ** 31 }, '')).toMatchObject({ ok: false, errors: [{ field: 'n', message: expect.stringContaining('out of range') }] });
    expect(jsonToXml('R', [v('s', 'string', 0)], { s: 'bell\u0007' }, '')).toMatchObject({ ok: false, errors: [{ field: 's' }] });
  });

  it('omits absent optional variables and reads values leniently', () => {
    expect(jsonToXml('R', simple, { Venue: 'x' }, '')).toEqual({ ok: true, xml: '<R><Venue>x</Venue></R>' });
    expect(xmlToJson(simple, '<R><Seating>abc</Seating><Paid>0</Paid></R>')).toEqual({ Seating: 'abc', Paid: false });
    expect(() => xmlToJson(simple, '<R>')).toThrow(/not well-formed/);
  });
});

describe('jsonToXml / xmlToJson with the shipment schema', () => {
  const parsed = parseSpecificationSet(readSpecification('shipment'));
  const spec: Specification = parsed.ok ? parsed.set.specifications[0]! : ({} as Specification);
  const variables = [v('Booking', 'BookingType', 0, true), v('Checkpoints', 'CheckpointsType', 1), v('Volume', 'CrateVolume', 2)];
  const booking = {
    Shipper: { Name: 'ACME', Street: '1 Wharf Road', City: 'Brisbane', Phone: '07 0000 0000' },
    Reference: 'BK-1', BookedOn: '2024-05-01', Currency: 'AUD', Revision: 0,
    Lines: { Line: [{ LineNumber: 1, Sku: 'CRATE-S', Quantity: 3 }, { LineNumber: 2, Sku: 'CRATE-L', Quantity: 1 }] },
    Insured: true, FreightCost: 12.5,
  };

  it('nests complex types, inline types, arrays and restricted simple types, and round-trips', () => {
    const result = jsonToXml('TakeBooking', variables, { Booking: booking, Checkpoints: { Checkpoint: [] }, Volume: 50 }, spec.schema);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.xml).toContain('<Lines><Line><LineNumber>1</LineNumber><Sku>CRATE-S</Sku><Quantity>3</Quantity></Line><Line><LineNumber>2</LineNumber>');
    expect(xmlToJson(variables, result.xml, spec.schema)).toEqual({ Booking: booking, Checkpoints: { Checkpoint: [] }, Volume: 50 });
    const checkpoints = { Checkpoint: [{ Place: 'Depot', ReachedAt: '2024-05-02T08:00:00Z' }, { Place: 'Port' }] };
    const optional = jsonToXml('LogCheckpoint', variables, { Booking: booking, Checkpoints: checkpoints }, spec.schema);
    expect(optional.ok && xmlToJson(variables, optional.xml, spec.schema)).toEqual({ Booking: booking, Checkpoints: checkpoints });
  });

  it('reports nested type errors by path', () => {
    const bad = {
      ...booking,
      Shipper: { ...booking.Shipper, Name: undefined, Extra: 'x' },
      Currency: 'EUR',
      Revision: -1,
      Lines: { Line: [{ ...booking.Lines.Line[0], Quantity: 0 }] },
    };
    const result = jsonToXml('TakeBooking', variables, { Booking: bad, Volume: 30 }, spec.schema);
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual([
      'Booking.Shipper.Extra', 'Booking.Shipper.Name', 'Booking.Currency', 'Booking.Revision', 'Booking.Lines.Line[0].Quantity', 'Volume',
    ]);
    expect(jsonToXml('TakeBooking', variables, {}, spec.schema)).toEqual({ ok: false, errors: [{ field: 'Booking', message: 'required' }] });
    expect(jsonToXml('TakeBooking', variables, { Booking: { ...booking, Lines: { Line: [] } } }, spec.schema)).toMatchObject({
      ok: false, errors: [{ field: 'Booking.Lines.Line', message: expect.stringContaining('at least 1') }],
    });
  });
});

describe('XSD patterns, which the tenant writes', () => {
  const schema = '<xs:simpleType xmlns:xs="http://www.w3.org/2001/XMLSchema" name="Code"><xs:restriction base="xs:string"><xs:pattern value="(a+)+b"/></xs:restriction></xs:simpleType>';
  const code = [v('Code', 'Code', 0)];

  it('are matched in linear time: a pattern that backtracks exponentially in a RegExp answers at once', () => {
    expect(jsonToXml('R', code, { Code: 'aaab' }, schema)).toEqual({ ok: true, xml: '<R><Code>aaab</Code></R>' });
    const started = process.cpuUsage();
    // A backtracking engine tries 2^48 ways to split the a's before giving up on the missing b.
    const refused = jsonToXml('R', code, { Code: `${'a'.repeat(48)}c` }, schema);
    const spent = process.cpuUsage(started);
    expect(refused).toMatchObject({ ok: false, errors: [{ field: 'Code', message: expect.stringContaining('does not match pattern (a+)+b') }] });
    expect((spent.user + spent.system) / 1000).toBeLessThan(1_000);
  });
});
