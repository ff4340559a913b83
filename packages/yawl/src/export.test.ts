import { describe, expect, it } from 'vitest';
import { exportSpecificationSet } from './export.js';
import { parseSpecificationSet } from './parse.js';
import { SPECIFICATION_NAMES, atomicXml, flowXml, readSpecification, simpleNet, specXml, taskXml } from './testing/fixtures.js';

function parse(xml: string): ReturnType<typeof parseSpecificationSet> & { ok: true } {
  const result = parseSpecificationSet(xml);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result;
}

describe('exportSpecificationSet', () => {
  it.each(SPECIFICATION_NAMES)('round-trips %s to an equal model', (name) => {
    const first = parse(readSpecification(name)).set;
    const exported = exportSpecificationSet(first);
    expect(parse(exported).set).toEqual(first);
    // Exporting again is stable, so exports can be diffed.
    expect(exportSpecificationSet(parse(exported).set)).toBe(exported);
  });

  it('folds implicit conditions back into direct task-to-task flows', () => {
    const exported = exportSpecificationSet(parse(readSpecification('concert')).set);
    expect(exported).not.toContain('c{');
    expect(exported).toMatch(/<task id="HireVenue">\s*<name>Hire venue<\/name>\s*<flowsInto>\s*<nextElementRef id="SellTickets"\/>/);
    expect(exported).toMatch(/<flowsInto>\s*<nextElementRef id="RefundTickets"\/>\s*<isDefaultFlow\/>/);
  });

  it('keeps predicates, orderings, defaults, cancellation of flows and escaping on implicit conditions', () => {
    const split = taskXml('T', [
      flowXml('U', '<predicate ordering="2">/N/x &lt; 3 &amp;&amp; "q"</predicate>'),
      flowXml('N_o', '<isDefaultFlow/>'),
    ], { split: 'xor', decomposesTo: 'A' });
    const cancel = '<removesTokensFromFlow><flowSource id="T"/><flowDestination id="U"/></removesTokensFromFlow>';
    const xml = specXml(simpleNet('N', 'T', split + taskXml('U', ['N_o'], { decomposesTo: 'A', body: cancel })) + atomicXml('A'));
    const set = parse(xml).set;
    const net = set.specifications[0]!.decompositions.N;
    expect(net?.kind === 'net' && net.elements.T).toMatchObject({
      flows: [{ to: 'c{T_U}', predicate: '/N/x < 3 && "q"', ordering: 2, isDefault: false }, { to: 'N_o', isDefault: true }],
    });
    expect(parse(exportSpecificationSet(set)).set).toEqual(set);
  });
});
