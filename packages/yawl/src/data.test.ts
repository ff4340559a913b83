import { describe, expect, it } from 'vitest';
import { jsonToXml, xmlToJson } from './data.js';
import type { Specification, Variable } from './model.js';
import { parseSpecificationSet } from './parse.js';
import { readRealSpec } from './testing/fixtures.js';

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

describe('jsonToXml / xmlToJson with the orderfulfillment schema', () => {
  const parsed = parseSpecificationSet(readRealSpec('orderfulfillment'));
  const spec: Specification = parsed.ok ? parsed.set.specifications[0]! : ({} as Specification);
  const variables = [v('POrder', 'PurchaseOrderType', 0, true), v('Notices', 'TrackpointNoticesType', 1), v('Volume', 'PackageVolume', 2)];
  const order = {
    Company: { Name: 'ACME', Address: '1 Road', City: 'Brisbane', State: 'QLD', PostCode: '4000', Phone: '1', Fax: '2', BusinessNumber: '3' },
    Order: {
      OrderNumber: 'PO-1', OrderDate: '2024-05-01', Currency: 'AUD', OrderTerms: 'net 30', RevisionNumber: 0, Remarks: '',
      OrderLines: { Line: [{ LineNumber: 1, UnitCode: 'U1', UnitDescription: 'Widget', UnitQuantity: 3, Action: 'Added' }] },
    },
    FreightCost: 12.5, DeliveryLocation: 'Dock 4', InvoiceRequired: true, PrePaid: false,
  };

  it('nests complex types, arrays and restricted simple types, and round-trips', () => {
    const result = jsonToXml('Ordering', variables, { POrder: order, Notices: { TrackpointNotice: [] }, Volume: 50 }, spec.schema);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.xml).toContain('<OrderLines><Line><LineNumber>1</LineNumber><UnitCode>U1</UnitCode>');
    expect(xmlToJson(variables, result.xml, spec.schema)).toEqual({ POrder: order, Notices: { TrackpointNotice: [] }, Volume: 50 });
  });

  it('reports nested type errors by path', () => {
    const bad = {
      ...order,
      Company: { ...order.Company, Name: undefined, Extra: 'x' },
      Order: { ...order.Order, Currency: 'EUR', RevisionNumber: -1, OrderLines: { Line: [{ ...order.Order.OrderLines.Line[0], UnitQuantity: 0 }] } },
    };
    const result = jsonToXml('Ordering', variables, { POrder: bad, Volume: 30 }, spec.schema);
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual([
      'POrder.Company.Extra', 'POrder.Company.Name', 'POrder.Order.Currency', 'POrder.Order.RevisionNumber',
      'POrder.Order.OrderLines.Line[0].UnitQuantity', 'Volume',
    ]);
    expect(jsonToXml('Ordering', variables, {}, spec.schema)).toEqual({ ok: false, errors: [{ field: 'POrder', message: 'required' }] });
  });
});
