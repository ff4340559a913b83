import { describe, expect, it } from 'vitest';
import { EvaluationError, evaluatePredicate } from './evaluator.js';
import { xmlToJson } from './data.js';
import { YAWL_NAMESPACE } from './model.js';
import { parseSpecificationSet } from './parse.js';
import { atomicXml, simpleNet, specXml, taskXml } from './testing/fixtures.js';
import { SPECIFICATION_XML_LIMITS, parseBoundedXml } from './xml-bounded.js';

/**
 * A generous bound on the CPU the refusal costs this process: refusals stop at the limit, so even
 * a slow machine answers far sooner. CPU, not wall time: on a loaded machine wall time measures
 * the other processes too (a 1 s wall bound failed at a load average of 25 for a 90 ms refusal).
 */
const FAST_MS = 1_000;

/** A specification set whose specification documentation holds `payload`, starting on line 4. */
function withDocumentation(payload: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<specificationSet xmlns="${YAWL_NAMESPACE}" version="4.0">
  <specification uri="Hostile">
<documentation>${payload}</documentation>
    <metaData><version>0.1</version></metaData>
  </specification>
</specificationSet>`;
}

function timed<T>(work: () => T): { result: T; ms: number } {
  const started = process.cpuUsage();
  const result = work();
  const spent = process.cpuUsage(started);
  return { result, ms: (spent.user + spent.system) / 1000 };
}

function refusal(xml: string) {
  const { result, ms } = timed(() => parseSpecificationSet(xml));
  expect(result.ok).toBe(false);
  expect(ms).toBeLessThan(FAST_MS);
  if (result.ok) throw new Error('accepted');
  expect(result.issues).toHaveLength(1);
  return result.issues[0]!;
}

describe('bounded XML: hostile specification documents are refused while being read', () => {
  it('130,000 nested elements: refused at depth 65 with the line of the element that went too deep', () => {
    // Root, specification and documentation are depths 1-3; each <d> on its own line from line 4.
    const issue = refusal(withDocumentation('\n<d>'.repeat(130_000) + '</d>'.repeat(130_000)));
    expect(issue).toMatchObject({ severity: 'error', code: 'XML_LIMIT_EXCEEDED', limit: { name: 'maxDepth', value: 64 }, line: 4 + 62 });
    expect(issue.message).toContain('maxDepth is 64');
  });

  it('60,000 attributes on one element: refused at the 65th', () => {
    const attributes = Array.from({ length: 60_000 }, (_, i) => ` a${i}="x"`).join('');
    const issue = refusal(withDocumentation(`<e${attributes}/>`));
    expect(issue).toMatchObject({ code: 'XML_LIMIT_EXCEEDED', limit: { name: 'maxAttributesPerElement', value: 64 }, line: 4 });
  });

  it('a flood of elements: refused past 20,000', () => {
    const issue = refusal(withDocumentation('<e/>\n'.repeat(150_000)));
    expect(issue).toMatchObject({ code: 'XML_LIMIT_EXCEEDED', limit: { name: 'maxElements', value: 20_000 } });
    // The root, specification and documentation count too: the 20,001st element is the 19,998th <e/>.
    expect(issue.line).toBe(4 + 19_997);
  });

  it('a huge text: refused past a million characters', () => {
    const issue = refusal(withDocumentation('x'.repeat(2_000_000)));
    expect(issue).toMatchObject({ code: 'XML_LIMIT_EXCEEDED', limit: { name: 'maxTextLength', value: 1_000_000 } });
  });

  it('a huge attribute value counts as text too', () => {
    const issue = refusal(withDocumentation(`<e a="${'x'.repeat(1_500_000)}"/>`));
    expect(issue).toMatchObject({ code: 'XML_LIMIT_EXCEEDED', limit: { name: 'maxTextLength' } });
  });

  it('a document over 5 MB: refused before it is read', () => {
    const issue = refusal(withDocumentation('<e>text</e>'.repeat(500_000)));
    expect(issue).toMatchObject({ code: 'XML_LIMIT_EXCEEDED', limit: { name: 'maxBytes', value: 5 * 1024 * 1024 } });
  });

  it('counts the document size in UTF-8 bytes, not characters', () => {
    const limits = { ...SPECIFICATION_XML_LIMITS, maxBytes: 1_000 };
    expect(parseBoundedXml(`<r>${'é'.repeat(450)}</r>`, limits).ok).toBe(true); // 907 bytes
    expect(parseBoundedXml(`<r>${'é'.repeat(500)}</r>`, limits)).toMatchObject({ ok: false, kind: 'limit', limit: 'maxBytes' }); // 1,007 bytes
  });

  it('a DOCTYPE is refused, entity expansion and all ("billion laughs")', () => {
    const entities = ['<!ENTITY l0 "ha">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`)].join('\n');
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE specificationSet [\n${entities}\n]>\n<specificationSet xmlns="${YAWL_NAMESPACE}" version="4.0">&l9;</specificationSet>`;
    const issue = refusal(xml);
    expect(issue).toMatchObject({ code: 'XML_DOCTYPE_FORBIDDEN', line: 13 });
    expect(refusal(`<!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>`)).toMatchObject({ code: 'XML_DOCTYPE_FORBIDDEN' });
  });

  it('reports malformed XML with its line', () => {
    expect(refusal('<specificationSet>\n\n  <specification></specificationSet>')).toMatchObject({ code: 'XML_MALFORMED', line: 3 });
  });

  it('limits are the caller\'s to set', () => {
    const xml = specXml(simpleNet('N', 'A', taskXml('A', ['N_o'], { decomposesTo: 'A' })) + atomicXml('A'));
    expect(parseSpecificationSet(xml).ok).toBe(true);
    const result = parseSpecificationSet(xml, { limits: { ...SPECIFICATION_XML_LIMITS, maxDepth: 4 } });
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'XML_LIMIT_EXCEEDED', limit: { name: 'maxDepth', value: 4 } }] });
    expect(parseSpecificationSet(xml, { limits: { ...SPECIFICATION_XML_LIMITS, maxElements: 10 } })).toMatchObject({ ok: false, issues: [{ limit: { name: 'maxElements', value: 10 } }] });
  });
});

describe('bounded XML: data documents', () => {
  const deep = `<Net>${'<d>'.repeat(50_000)}${'</d>'.repeat(50_000)}</Net>`;

  it('the evaluator refuses a data document past the limits, quickly, as an evaluation error', () => {
    const { result, ms } = timed(() => {
      try {
        evaluatePredicate(deep, 'true()');
        return undefined;
      } catch (error) {
        return error;
      }
    });
    expect(ms).toBeLessThan(FAST_MS);
    expect(result).toBeInstanceOf(EvaluationError);
    expect((result as Error).message).toMatch(/maxDepth is 64/);
  });

  it('reading case data refuses the same shapes', () => {
    expect(() => xmlToJson([{ name: 'd', type: 'string', index: 0 }], deep)).toThrow(/maxDepth is 64/);
    expect(() => xmlToJson([], '<!DOCTYPE Net [<!ENTITY e "x">]><Net>&e;</Net>')).toThrow(/DOCTYPE/);
  });

  it('ordinary data still reads, namespaces and all', () => {
    expect(evaluatePredicate('<Net><amount>1200</amount></Net>', '/Net/amount > 1000')).toBe(true);
    const parsed = parseBoundedXml('<a xmlns="urn:x" xmlns:p="urn:p" p:k="v"><p:b>t</p:b><!--c--><![CDATA[<z>]]></a>', SPECIFICATION_XML_LIMITS);
    if (!parsed.ok) throw new Error(parsed.message);
    const root = parsed.document.documentElement!;
    expect([root.namespaceURI, root.getAttributeNS('urn:p', 'k'), root.firstElementChild?.namespaceURI, root.textContent]).toEqual(['urn:x', 'v', 'urn:p', 't<z>']);
  });
});
