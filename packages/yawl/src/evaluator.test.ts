import { describe, expect, it } from 'vitest';
import {
  EvaluationError,
  applyCompletedMappings,
  buildTaskInput,
  evaluateMapping,
  evaluateNumber,
  evaluatePredicate,
  joinInstances,
  setVariable,
  splitInstances,
  withOutputDefaults,
} from './evaluator.js';
import type { MultiInstance } from './model.js';

const concert = '<OrganiseConcert><Seating>25000</Seating><VenueCost>100</VenueCost><VenueName>Arena</VenueName></OrganiseConcert>';

describe('evaluator', () => {
  it('evaluates XPath predicates over net data', () => {
    expect(evaluatePredicate(concert, '/OrganiseConcert/Seating > 20000')).toBe(true);
    expect(evaluatePredicate(concert, "/OrganiseConcert/VenueName = 'Stadium'")).toBe(false);
    expect(evaluatePredicate(concert, 'number(/OrganiseConcert/VenueCost) * 2 = 200')).toBe(true);
  });

  it('evaluates mapping XQueries to elements, renamed to their target', () => {
    expect(evaluateMapping(concert, '<VenueCost>{/OrganiseConcert/VenueCost/text()}</VenueCost>')).toBe('<VenueCost>100</VenueCost>');
    expect(evaluateMapping(concert, '<X>{/OrganiseConcert/VenueCost/text()}</X>', 'Cost')).toBe('<Cost>100</Cost>');
    expect(evaluateMapping(concert, '/OrganiseConcert/Missing', 'Missing')).toBe('<Missing/>');
  });

  it('builds task input documents and applies completed mappings', () => {
    const input = buildTaskInput(concert, 'BookVenue', [{ expression: '<Seats>{/OrganiseConcert/Seating/text()}</Seats>', mapsTo: 'Seats' }]);
    expect(input).toBe('<BookVenue><Seats>25000</Seats></BookVenue>');
    const updated = applyCompletedMappings(concert, '<BookVenue><Cost>250</Cost><Extra>1</Extra></BookVenue>', [
      { expression: '<VenueCost>{/BookVenue/Cost/text()}</VenueCost>', mapsTo: 'VenueCost' },
      { expression: '<Extra>{/BookVenue/Extra/text()}</Extra>', mapsTo: 'Extra' },
    ]);
    expect(updated).toBe('<OrganiseConcert><Seating>25000</Seating><VenueCost>250</VenueCost><VenueName>Arena</VenueName><Extra>1</Extra></OrganiseConcert>');
  });

  it('keeps complex content when replacing a variable', () => {
    expect(setVariable('<N><a>1</a></N>', '<a><b x="1">2</b></a>')).toBe('<N><a><b x="1">2</b></a></N>');
  });

  it('adds output parameter defaults', () => {
    expect(withOutputDefaults('<T><a>1</a></T>', [{ name: 'a', type: 'string', index: 0, defaultValue: '9' }, { name: 'b', type: 'string', index: 1, defaultValue: '2' }])).toBe(
      '<T><a>1</a><b>2</b></T>',
    );
  });

  it('evaluates numbers for MI bounds', () => {
    expect(evaluateNumber(concert, '3')).toBe(3);
    expect(evaluateNumber(concert, '/OrganiseConcert/VenueCost div 10')).toBe(10);
    expect(evaluateNumber(concert, 'unbounded')).toBe(Number.POSITIVE_INFINITY);
    expect(() => evaluateNumber(concert, '/OrganiseConcert/VenueName')).toThrow(EvaluationError);
  });

  it('splits and joins multiple-instance data', () => {
    const mi: MultiInstance = {
      minimum: '1',
      maximum: '5',
      threshold: '5',
      creationMode: 'static',
      input: { expression: '<Items>{/Order/Items/*}</Items>', splittingExpression: 'for $i in /Items/* return $i', formalInputParam: 'Item' },
      output: { formalOutputExpression: '/Pick/Done', outputJoiningExpression: '<Picked>{count(/Pick/Done)}</Picked>', resultAppliedToLocalVariable: 'PickedCount' },
    };
    expect(splitInstances('<Order><Items><Line>a</Line><Line>b</Line></Items></Order>', mi)).toEqual(['<Item>a</Item>', '<Item>b</Item>']);
    expect(joinInstances('Pick', ['<Pick><Done>a</Done></Pick>', '<Pick><Done>b</Done></Pick>'], mi)).toBe('<PickedCount>2</PickedCount>');
  });

  it('wraps parse errors in EvaluationError', () => {
    expect(() => evaluatePredicate(concert, '/OrganiseConcert/Seating >')).toThrow(EvaluationError);
    expect(() => evaluatePredicate('<not-xml', 'true()')).toThrow(EvaluationError);
  });
});
