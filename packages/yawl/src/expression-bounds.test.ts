import { describe, expect, it } from 'vitest';
import { verifySpecification } from './verify.js';
import { unboundedReason } from './expression-bounds.js';
import { buildSpec } from './testing/spec-builder.js';

describe('expressions provably unbounded', () => {
  it.each([
    ['every $i in 1 to 30000000 satisfies $i > 0', /range 1 to 30000000 spans 30,000,000 items/],
    ['count(1 to 1e15) > 0', /range 1 to 1000000000000000/],
    ['count(-5 to xs:integer(1e9)) > 0', /range -5 to 1000000000/],
    ['count(1 to 10 * 1000 * 1000) > 0', /range 1 to 10000000/],
    ['<x>{string-join(for $i in 1 to 2000000 return "x")}</x>', /2,000,000 items/],
    ['some $i in 1 to 1000, $j in 1 to 1000 satisfies $i = $j', /span 1,000,000 items together/],
    ['declare function local:f($n) { local:f($n + 1) }; local:f(1) > 0', /function local:f is recursive/],
    ['declare function local:a($n) { local:b($n) }; declare function local:b($n) { local:a($n) }; local:a(1)', /is recursive/],
    ['let $f := function($g, $n) { $g($g, $n + 1) } return $f($f, 0) > 0', /calls its function parameter \$g/],
  ])('%s', (expression, reason) => {
    expect(unboundedReason(expression)).toMatch(reason);
  });

  it.each([
    '/Net/Amount > 1000',
    '<A>{/Net/A/text()}</A>',
    'every $i in 1 to 100 satisfies $i > 0',
    'count(1 to /Net/n) > 0',
    'declare function local:twice($n) { $n * 2 }; local:twice(/Net/n) > 3',
    'for-each((1, 2, 3), function($x) { $x + 1 }) = 2',
    '10',
    'unbounded',
  ])('lets %s through', (expression) => {
    expect(unboundedReason(expression)).toBeUndefined();
  });

  it('refuses such a predicate at verification as EXPRESSION_UNBOUNDED, naming the task and the expression', () => {
    const predicate = 'every $i in 1 to 30000000 satisfies $i > 0';
    const spec = buildSpec({
      id: 'Choice',
      flows: ['start -> Assess', 'Assess -> Approve', 'Assess -> Reject', 'Approve -> end', 'Reject -> end'],
      tasks: { Assess: { split: 'xor', predicates: { Approve: predicate }, defaultFlow: 'Reject' } },
    });
    const issues = verifySpecification(spec).filter((issue) => issue.code === 'EXPRESSION_UNBOUNDED');
    expect(issues).toEqual([expect.objectContaining({ severity: 'error', elementId: 'Assess', message: expect.stringContaining(predicate) })]);
  });
});
